/// Why libpg_query could not handle a statement text.
public enum SQLFingerprintError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is not valid PostgreSQL 15 SQL; `position` is the 1-based character
    /// position the parser points at (0 when it gives none).
    case parse(message: String, position: Int)
    /// The text contains a NUL byte, which no PostgreSQL protocol message can carry.
    case containsNulByte

    public var description: String {
        switch self {
        case let .parse(message, position) where position > 0:
            return "\(message) (at character \(position))"
        case let .parse(message, _):
            return message
        case .containsNulByte:
            return "statement text contains a NUL byte, which PostgreSQL cannot receive"
        }
    }
}
