import Workload

/// Outcome records encoded by one replay thread, appended to the run file in one piece
/// (`RunWriter.write(_:)`, straight from the batch's memory): the encoding happens outside the writer's
/// lock, and no outcome is kept as a value once it is encoded. The bytes are the records
/// `RunWriter.write(_ outcome:)` writes.
/// A non-copyable struct, not a class: its owner's accesses need no runtime exclusivity checks.
public struct RunOutcomeBatch: ~Copyable {
    private var buffer: WorkloadOutputBuffer
    /// Outcome records in the batch.
    public private(set) var outcomes = 0

    public init(capacity: Int = 64 * 1024) {
        buffer = WorkloadOutputBuffer(capacity: capacity)
    }

    public var isEmpty: Bool { outcomes == 0 }

    /// Encodes one outcome record. Throws (and adds nothing) for an outcome too large for the format.
    public mutating func append(_ outcome: ReplayOutcome) throws(RunFileError) {
        try OutcomeRecordEncoder.append(outcome, to: &buffer)
        outcomes += 1
    }

    /// The encoded records, for `RunWriter.write(_:)`.
    var recordBytes: UnsafeRawBufferPointer { buffer.bytes }

    /// Empties the batch once its records are written, keeping up to 256 KiB of its memory.
    public mutating func removeAll() {
        buffer.removeAll(keepingAtMost: 256 * 1024)
        outcomes = 0
    }
}
