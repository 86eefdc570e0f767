/// The last record of a complete run file. A run file without it was cut short (the replayer was
/// killed); every outcome before the cut is still valid.
public struct RunTrailer: Sendable, Equatable {
    /// When the replay ended, ns since the Unix epoch.
    public var endedAt: Int64
    /// Outcome records in the file.
    public var outcomes: UInt64
    /// The replay was stopped early (Ctrl-C or SIGTERM): requests not sent by then have no outcome record.
    public var interrupted: Bool
    /// The run summary as JSON text (the same object `replay --json` prints); stored as is.
    public var summaryJSON: String

    public init(endedAt: Int64, outcomes: UInt64, interrupted: Bool = false, summaryJSON: String = "{}") {
        self.endedAt = endedAt
        self.outcomes = outcomes
        self.interrupted = interrupted
        self.summaryJSON = summaryJSON
    }
}
