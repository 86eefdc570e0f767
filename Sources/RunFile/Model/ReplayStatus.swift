/// What became of a request during a replay. Raw values are stored in run files.
public enum ReplayStatus: UInt8, Sendable, Equatable, CaseIterable {
    /// Sent and answered (successfully or with an SQL error).
    case executed = 0
    /// Deliberately not sent (a filter, an unknown prepared statement, ...); see `skipReason`.
    case skipped = 1
    /// Sent, or due, while the connection was down: the connection's error is recorded.
    case connectionLost = 2
    /// Sent and then cancelled because the replay was interrupted (Ctrl-C).
    case cancelled = 3

    /// snake_case name for JSON and reports.
    public var name: String {
        switch self {
        case .executed: "executed"
        case .skipped: "skipped"
        case .connectionLost: "connection_lost"
        case .cancelled: "cancelled"
        }
    }
}
