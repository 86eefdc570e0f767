/// Facts about a request that change how its timing and outcome can be trusted or replayed.
/// Bits this version does not know are kept as they are, so newer files round-trip.
public struct RequestFlags: OptionSet, Sendable, Equatable, Hashable {
    public var rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// The Bind named a statement that was prepared before the capture started (its text is unknown).
    public static let statementPreparedBeforeCapture = RequestFlags(rawValue: 1 << 0)
    /// No completion was seen before the capture ended.
    public static let incomplete = RequestFlags(rawValue: 1 << 1)
    /// Sent before the previous request of the session completed.
    public static let pipelined = RequestFlags(rawValue: 1 << 2)
    /// The client sent Describe for the prepared statement.
    public static let describedStatement = RequestFlags(rawValue: 1 << 3)
    /// The client sent Describe for the portal.
    public static let describedPortal = RequestFlags(rawValue: 1 << 4)
    /// The server skipped the request: an earlier message of its Sync group failed.
    public static let notExecuted = RequestFlags(rawValue: 1 << 5)
    /// The client sent Sync after this request (the last request of its Sync group; a simple Query and
    /// a FunctionCall always end their group). Replay puts pipeline Syncs exactly there.
    public static let endsSyncGroup = RequestFlags(rawValue: 1 << 6)

    /// Names of the set flags (snake_case, for JSON and reports); unknown bits appear as `bit_N`.
    public var names: [String] {
        let known: [(RequestFlags, String)] = [
            (.statementPreparedBeforeCapture, "statement_prepared_before_capture"),
            (.incomplete, "incomplete"),
            (.pipelined, "pipelined"),
            (.describedStatement, "described_statement"),
            (.describedPortal, "described_portal"),
            (.notExecuted, "not_executed"),
            (.endsSyncGroup, "ends_sync_group"),
        ]
        var names = known.filter { contains($0.0) }.map(\.1)
        for bit in 7..<16 where rawValue & (1 << bit) != 0 {
            names.append("bit_\(bit)")
        }
        return names
    }
}
