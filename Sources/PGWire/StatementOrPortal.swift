/// What a Describe or Close message refers to: a prepared statement ('S') or a portal ('P').
public enum StatementOrPortal: Sendable, Hashable {
    case statement
    case portal

    @inlinable
    init(wireByte: UInt8) throws(PGWireError) {
        switch wireByte {
        case UInt8(ascii: "S"): self = .statement
        case UInt8(ascii: "P"): self = .portal
        default: throw PGWireError("invalid statement/portal selector byte \(wireByte)")
        }
    }
}
