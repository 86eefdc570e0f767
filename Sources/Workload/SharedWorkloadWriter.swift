import Synchronization

/// The workload file shared by the threads that decode sessions: each record is written whole under a
/// lock, so records of different sessions interleave but never mix.
final class SharedWorkloadWriter: Sendable {
    private let writer: Mutex<WorkloadWriter>

    init(_ writer: sending WorkloadWriter) {
        self.writer = Mutex(writer)
    }

    func write(_ record: WorkloadRecord) throws(WorkloadFormatError) {
        try writer.withLock { (writer: inout WorkloadWriter) throws(WorkloadFormatError) in try writer.write(record) }
    }

    func close() throws(WorkloadFormatError) {
        try writer.withLock { (writer: inout WorkloadWriter) throws(WorkloadFormatError) in try writer.close() }
    }
}
