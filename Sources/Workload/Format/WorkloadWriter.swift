#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a workload file: creates it readable by its owner only (it holds production data),
/// writes the header, then streams records through a 1 MiB buffer with write(2), so memory stays
/// bounded whatever the number of records. Call `close()` to flush and to learn of write errors;
/// after the trailer no more records are accepted.
public final class WorkloadWriter {
    /// The file being written.
    public let path: String
    /// Bytes handed to the system so far (the buffered rest is written by the next flush).
    public private(set) var bytesWritten: UInt64 = 0

    private static let flushThreshold = 1 << 20

    private var descriptor: Int32
    private var output: WorkloadOutputBuffer
    private var wroteTrailer = false
    /// Set after a failed write(2): the file is incomplete and further writes would be misleading.
    private var failure: WorkloadFormatError?

    /// Creates (or truncates) the file at `path` with mode 0600 and writes the magic and header.
    public init(path: String, header: WorkloadHeader) throws(WorkloadFormatError) {
        let descriptor = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .cannotCreate(path: path, reason: WorkloadFormatError.systemMessage(errno))
        }
        // open(2) keeps the mode of a file that already existed: force owner-only access.
        guard fchmod(descriptor, 0o600) == 0 else {
            let reason = WorkloadFormatError.systemMessage(errno)
            closeDescriptor(descriptor)
            throw .cannotCreate(path: path, reason: "cannot restrict permissions to 0600: \(reason)")
        }
        self.path = path
        self.descriptor = descriptor
        output = WorkloadOutputBuffer(capacity: Self.flushThreshold + 64 * 1024)
        do {
            try output.appendFileStart(header)
        } catch {
            closeDescriptor(descriptor)
            self.descriptor = -1
            throw error
        }
    }

    deinit {
        // close() reports errors; a writer dropped without it still writes what it holds.
        if descriptor >= 0 {
            if failure == nil { try? flush() }
            closeDescriptor(descriptor)
        }
    }

    /// Bytes reserved by the write buffer (tests check that memory stays bounded).
    var bufferCapacity: Int { output.capacity }

    /// Appends one record. Throws on a write error, for a record too large for the format,
    /// and after `close()` or the trailer.
    public func write(_ record: WorkloadRecord) throws(WorkloadFormatError) {
        if let failure { throw failure }
        guard descriptor >= 0 else { throw .writeFailed(path: path, reason: "the writer is already closed") }
        guard !wroteTrailer else {
            throw .writeFailed(path: path, reason: "no record may follow the trailer")
        }
        try output.appendRecord(record)
        if case .trailer = record { wroteTrailer = true }
        if output.count >= Self.flushThreshold {
            try flush()
        }
    }

    /// Writes out the buffered bytes.
    public func flush() throws(WorkloadFormatError) {
        if let failure { throw failure }
        guard descriptor >= 0 else { throw .writeFailed(path: path, reason: "the writer is already closed") }
        let bytes = output.bytes
        var written = 0
        while written < bytes.count {
            let count = writeDescriptor(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count >= 0 {
                written += count
                continue
            }
            let code = errno
            if code == EINTR { continue }
            let error = WorkloadFormatError.writeFailed(path: path, reason: WorkloadFormatError.systemMessage(code))
            failure = error
            throw error
        }
        bytesWritten += UInt64(bytes.count)
        // A huge record (large COPY data) grew the buffer: give that memory back.
        output.removeAll(keepingAtMost: Self.flushThreshold + 64 * 1024)
    }

    /// Flushes and closes the file. Calling it again does nothing.
    public func close() throws(WorkloadFormatError) {
        guard descriptor >= 0 else { return }
        defer { descriptor = -1 }
        do {
            try flush()
        } catch {
            closeDescriptor(descriptor)
            throw error
        }
        if closeDescriptor(descriptor) != 0 {
            throw .writeFailed(path: path, reason: WorkloadFormatError.systemMessage(errno))
        }
    }
}

/// The C close(2)/write(2), named apart from the writer's own `close()`/`write(_:)` methods.
@discardableResult
private func closeDescriptor(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}

private func writeDescriptor(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
