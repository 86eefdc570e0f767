import Synchronization

/// The workload file shared by the threads that decode sessions: each thread encodes records into its own
/// buffer and hands them over whole under a lock, so records of different sessions interleave but never mix.
final class SharedWorkloadWriter: Sendable {
    private let writer: Mutex<WorkloadWriter>

    init(_ writer: sending WorkloadWriter) {
        self.writer = Mutex(writer)
    }

    func write(_ record: WorkloadRecord) throws(WorkloadFormatError) {
        try writer.withLock { (writer: inout WorkloadWriter) throws(WorkloadFormatError) in try writer.write(record) }
    }

    /// Appends records a thread encoded (whole records, framed and checksummed).
    func write(encodedRecords bytes: UnsafeRawBufferPointer) throws(WorkloadFormatError) {
        try writer.withLock { (writer: inout WorkloadWriter) throws(WorkloadFormatError) in
            try writer.write(encodedRecords: bytes)
        }
    }

    func close() throws(WorkloadFormatError) {
        try writer.withLock { (writer: inout WorkloadWriter) throws(WorkloadFormatError) in try writer.close() }
    }
}
