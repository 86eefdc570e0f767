/// Why some bytes could not be decoded as PostgreSQL protocol v3.
///
/// `ConnectionDecoder` turns these into `WireEvent.stopped` reasons; the message decoders
/// (`FrontendMessage(typeLetter:body:)`, `BackendMessage(typeLetter:body:)`) throw them.
public struct PGWireError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One line saying what is wrong, e.g. "missing NUL terminator in string field".
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
