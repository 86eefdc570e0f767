
/// Writes a workload file: creates it readable by its owner only (it holds production data),
/// writes the header, then streams records through a 1 MiB buffer with write(2), so memory stays
/// bounded whatever the number of records. Call `close()` to flush and to learn of write errors;
/// after the trailer no more records are accepted.
public final class WorkloadWriter {
    /// The file being written.
    public var path: String { output.path }
    /// Bytes handed to the system so far (the buffered rest is written by the next flush).
    public var bytesWritten: UInt64 { output.bytesWritten }

    private let output: RecordFileOutput
    private var wroteTrailer = false

    /// Creates (or truncates) the file at `path` with mode 0600 and writes the magic and header.
    public init(path: String, header: WorkloadHeader) throws(WorkloadFormatError) {
        do throws(RecordFileIOError) {
            output = try RecordFileOutput(path: path)
        } catch {
            throw WorkloadFormatError(error, path: path)
        }
        try output.buffer.appendFileStart(header)
    }

    /// Bytes reserved by the write buffer (tests check that memory stays bounded).
    var bufferCapacity: Int { output.buffer.capacity }

    /// Appends one record. Throws on a write error, for a record too large for the format,
    /// and after `close()` or the trailer.
    public func write(_ record: WorkloadRecord) throws(WorkloadFormatError) {
        try io { () throws(RecordFileIOError) in try output.checkUsable() }
        guard !wroteTrailer else {
            throw .writeFailed(path: path, reason: "no record may follow the trailer")
        }
        try output.buffer.appendRecord(record)
        if case .trailer = record { wroteTrailer = true }
        try io { () throws(RecordFileIOError) in try output.flushIfFull() }
    }

    /// Appends records already encoded elsewhere (whole records, as `WorkloadOutputBuffer` frames them),
    /// written out at once: a decoding thread hands over a megabyte at a time.
    func write(encodedRecords bytes: UnsafeRawBufferPointer) throws(WorkloadFormatError) {
        try io { () throws(RecordFileIOError) in try output.checkUsable() }
        guard !wroteTrailer else {
            throw .writeFailed(path: path, reason: "no record may follow the trailer")
        }
        try io { () throws(RecordFileIOError) in try output.writeThrough(bytes) }
    }

    /// Writes out the buffered bytes.
    public func flush() throws(WorkloadFormatError) {
        try io { () throws(RecordFileIOError) in try output.flush() }
    }

    /// Flushes and closes the file; after a failed write it reports that error again. Calling it again
    /// does nothing.
    public func close() throws(WorkloadFormatError) {
        let earlier = output.isOpen ? output.failure : nil
        try io { () throws(RecordFileIOError) in try output.close() }
        if let earlier { throw WorkloadFormatError(earlier, path: path) }
    }

    private func io(_ body: () throws(RecordFileIOError) -> Void) throws(WorkloadFormatError) {
        do throws(RecordFileIOError) { try body() } catch { throw WorkloadFormatError(error, path: path) }
    }
}
