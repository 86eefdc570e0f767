/// Identifies one TCP connection within a capture: 1, 2, 3 ... in the order connections were first seen.
///
/// A 4-tuple reused after the connection closed gets a new ID, so an ID names one conversation.
public struct ConnectionID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public static func < (lhs: ConnectionID, rhs: ConnectionID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "#\(rawValue)" }
}
