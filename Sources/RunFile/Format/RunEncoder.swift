import Workload

/// Encodes a run file into bytes in memory: the magic and header first, then capture and statement
/// records, then outcome records, then the trailer. For tests and tools that build run files without
/// touching the disk; `RunWriter` streams the same bytes to a file.
public final class RunEncoder {
    private var output: WorkloadOutputBuffer
    /// Outcome records appended so far.
    public private(set) var outcomes: UInt64 = 0

    /// Starts a file: the magic followed by the header record.
    public init(header: RunHeader) throws(RunFileError) {
        output = WorkloadOutputBuffer(capacity: 4096)
        try output.appendRunFileStart(header)
    }

    /// Appends a statement record (ancillary; writers put them right after the header, see `RunWriter`).
    public func append(statement: Statement) throws(RunFileError) {
        try output.appendRunStatement(statement)
    }

    /// Appends the capture record: the workload's import summary, stored as is (ancillary).
    public func append(captureSummary json: String) throws(RunFileError) {
        try output.appendRunCapture(summaryJSON: json)
    }

    /// Appends one outcome record.
    public func append(_ outcome: ReplayOutcome) throws(RunFileError) {
        try OutcomeRecordEncoder.append(outcome, to: &output)
        outcomes += 1
    }

    /// Appends the trailer record, with `outcomes` set to the number of outcomes appended.
    public func appendTrailer(_ trailer: RunTrailer) throws(RunFileError) {
        var trailer = trailer
        trailer.outcomes = outcomes
        try output.appendRunTrailer(trailer)
    }

    /// The encoded bytes.
    public var bytes: [UInt8] {
        Array(output.bytes)
    }
}
