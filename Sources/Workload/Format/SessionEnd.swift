/// Closes a session: why it ended and how much of it could not be decoded, so replay and reports
/// know whether the session's requests are complete.
public struct SessionEnd: Sendable, Equatable {
    public var session: UInt32
    /// Last packet of the connection seen, in nanoseconds since the Unix epoch.
    public var endedAt: Int64
    /// `"terminate"`, `"fin"`, `"reset"`, `"end of capture"`, `"encrypted (TLS)"` or `"stopped: <reason>"`.
    public var reason: String
    /// Bytes of the conversation missing from the capture (TCP gaps).
    public var gapBytes: UInt64
    /// The session switched to TLS, so its traffic could not be read.
    public var encrypted: Bool
    /// Why protocol decoding stopped early, if it did.
    public var decodeError: String?

    public init(
        session: UInt32,
        endedAt: Int64,
        reason: String,
        gapBytes: UInt64 = 0,
        encrypted: Bool = false,
        decodeError: String? = nil
    ) {
        self.session = session
        self.endedAt = endedAt
        self.reason = reason
        self.gapBytes = gapBytes
        self.encrypted = encrypted
        self.decodeError = decodeError
    }
}
