/// Encodes workload records into bytes in the file format, in memory: the magic and header first,
/// then each appended record framed as type + length + payload + CRC-32C. For tests and tools that
/// build files without touching the disk; `WorkloadWriter` streams the same bytes to a file.
public final class WorkloadEncoder {
    private var output: WorkloadOutputBuffer

    /// Starts a file: the magic followed by the header record.
    public init(header: WorkloadHeader) throws(WorkloadFormatError) {
        output = WorkloadOutputBuffer(capacity: 4096)
        try output.appendFileStart(header)
    }

    /// Appends one record. Throws `recordTooLarge` (and leaves the bytes unchanged) when its payload
    /// would exceed `WorkloadFormat.maximumPayloadLength`.
    public func append(_ record: WorkloadRecord) throws(WorkloadFormatError) {
        try output.appendRecord(record)
    }

    /// The encoded bytes not yet removed.
    public var bytes: [UInt8] {
        Array(output.bytes)
    }

    /// Number of encoded bytes not yet removed.
    public var count: Int {
        output.count
    }

    /// Removes the encoded bytes (after they were written elsewhere), keeping up to 1 MiB of memory.
    public func removeAllBytes() {
        output.removeAll(keepingAtMost: 1 << 20)
    }

    /// Largest payload accepted; lowered only by tests, to exercise the limit cheaply.
    var payloadLimit: Int {
        get { output.payloadLimit }
        set { output.payloadLimit = newValue }
    }
}
