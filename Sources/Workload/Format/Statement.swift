/// The normalized text of one statement fingerprint, written before the first request that uses it (once per
/// decoding thread, so a reader keeps the first it sees),
/// so reports can group requests by statement without storing the normalized text per request.
public struct Statement: Sendable, Equatable {
    /// libpg_query fingerprint.
    public var fingerprint: UInt64
    /// Statement text with literals replaced by `$n`.
    public var normalizedText: String

    public init(fingerprint: UInt64, normalizedText: String) {
        self.fingerprint = fingerprint
        self.normalizedText = normalizedText
    }
}
