#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file side of a record file writer, shared by workload files and run files: creates the file
/// readable by its owner only (both hold production data), buffers encoded records and writes them
/// out in 1 MiB batches with write(2). Each writer appends its own records to `buffer` and turns
/// `RecordFileIOError` into its own error type.
package final class RecordFileOutput {
    package let path: String
    /// Encoded records not yet written.
    package var buffer: WorkloadOutputBuffer
    /// Bytes handed to the system so far.
    package private(set) var bytesWritten: UInt64 = 0
    /// Set after a failed write(2): the file is incomplete and further writes would be misleading.
    package private(set) var failure: RecordFileIOError?
    private var descriptor: Int32

    private static let flushThreshold = 1 << 20

    /// Creates the file at `path` with mode 0600, replacing what was there.
    ///
    /// An existing regular file (not a link, and with no other hard link) is removed and created anew
    /// rather than truncated: ext4 writes a file truncated in place out to disk when it is closed
    /// (`auto_da_alloc`, against applications that rewrite a file without fsync), which made a 64 MB
    /// import 16 % slower. Anything else (a symlink, a device, a file with other links) is truncated.
    package init(path: String) throws(RecordFileIOError) {
        var existing = stat()
        if lstat(path, &existing) == 0, existing.st_mode & S_IFMT == S_IFREG, existing.st_nlink == 1 {
            _ = unlink(path)  // when it fails, open(2) below truncates instead
        }
        let descriptor = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .cannotCreate(reason: WorkloadFormatError.systemMessage(errno)) }
        // open(2) keeps the mode of a file that already existed: force owner-only access.
        guard fchmod(descriptor, 0o600) == 0 else {
            let reason = WorkloadFormatError.systemMessage(errno)
            closeDescriptor(descriptor)
            throw .cannotCreate(reason: "cannot restrict permissions to 0600: \(reason)")
        }
        self.path = path
        self.descriptor = descriptor
        buffer = WorkloadOutputBuffer(capacity: Self.flushThreshold + 64 * 1024)
    }

    deinit {
        // close() reports errors; an output dropped without it still writes what it holds.
        if descriptor >= 0 {
            if failure == nil { try? flush() }
            closeDescriptor(descriptor)
        }
    }

    package var isOpen: Bool { descriptor >= 0 }

    /// Throws the earlier write error, or when the file was closed.
    package func checkUsable() throws(RecordFileIOError) {
        if let failure { throw failure }
        guard descriptor >= 0 else { throw .writeFailed(reason: "the writer is already closed") }
    }

    /// Writes out the buffer once it holds a batch.
    package func flushIfFull() throws(RecordFileIOError) {
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Writes out the buffered bytes.
    package func flush() throws(RecordFileIOError) {
        try checkUsable()
        try writeAll(buffer.bytes)
        // A huge record grew the buffer: give that memory back.
        buffer.removeAll(keepingAtMost: Self.flushThreshold + 64 * 1024)
    }

    /// Writes `bytes` (whole records encoded elsewhere) after the buffered ones, without copying them into
    /// the buffer first.
    package func writeThrough(_ bytes: UnsafeRawBufferPointer) throws(RecordFileIOError) {
        if buffer.count > 0 { try flush() }
        try checkUsable()
        try writeAll(bytes)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(RecordFileIOError) {
        var written = 0
        while written < bytes.count {
            let count = writeDescriptor(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count >= 0 {
                written += count
                continue
            }
            let code = errno
            if code == EINTR { continue }
            let error = RecordFileIOError.writeFailed(reason: WorkloadFormatError.systemMessage(code))
            failure = error
            throw error
        }
        bytesWritten += UInt64(bytes.count)
    }

    /// Flushes and syncs the file to disk.
    package func sync() throws(RecordFileIOError) {
        try flush()
        if fsync(descriptor) != 0 {
            let error = RecordFileIOError.writeFailed(reason: WorkloadFormatError.systemMessage(errno))
            failure = error
            throw error
        }
    }

    /// Flushes (unless a write already failed) and closes the file. Calling it again does nothing.
    package func close() throws(RecordFileIOError) {
        guard descriptor >= 0 else { return }
        defer { descriptor = -1 }
        if failure == nil {
            do {
                try flush()
            } catch {
                closeDescriptor(descriptor)
                throw error
            }
        }
        if closeDescriptor(descriptor) != 0 {
            throw .writeFailed(reason: WorkloadFormatError.systemMessage(errno))
        }
    }
}

/// Why a record file could not be opened, created or written, without the file's kind (each reader and
/// writer names it).
package enum RecordFileIOError: Error, Equatable {
    case cannotOpen(reason: String)
    case cannotCreate(reason: String)
    case writeFailed(reason: String)
}

/// The C close(2)/write(2), named apart from the output's own `close()`.
@discardableResult
private func closeDescriptor(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}

private func writeDescriptor(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
