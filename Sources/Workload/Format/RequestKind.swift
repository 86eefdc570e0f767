/// How the client asked for the work, which decides how replay resends it.
/// Raw values are the ASCII letters stored in the file.
public enum RequestKind: UInt8, Sendable, Equatable, CaseIterable {
    /// A simple-protocol Query message (may hold several statements).
    case query = 0x51         // "Q"
    /// An extended-protocol Execute, with the Parse/Bind that prepared it.
    case execute = 0x45       // "E"
    /// A named Parse that no Execute followed within its Sync group.
    case prepare = 0x50       // "P"
    /// A FunctionCall message (fast-path function call).
    case functionCall = 0x46  // "F"

    /// snake_case name for JSON and reports.
    public var name: String {
        switch self {
        case .query: "query"
        case .execute: "execute"
        case .prepare: "prepare"
        case .functionCall: "function_call"
        }
    }
}
