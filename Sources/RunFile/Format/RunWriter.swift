#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Workload

/// Writes a run file: creates it readable by its owner only (outcomes carry production data: error
/// messages, command tags), writes the header, then streams outcome records through a 1 MiB buffer,
/// so memory stays bounded whatever the number of requests. `finish(trailer:)` ends a complete run.
///
/// Single owner: not safe to call from several threads at once. The replay engine serializes its
/// calls (a `Mutex` around the writer); a lock here would only add a second one.
///
/// Outcomes reach the disk when the buffer fills, on `flush()`, and at the end. A replay that is
/// killed loses at most the buffered outcomes; the file then reads as cut short, with everything
/// flushed before still valid.
public final class RunWriter {
    /// The file being written.
    public let path: String
    /// Outcome records written (buffered ones included).
    public private(set) var outcomesWritten: UInt64 = 0
    /// Bytes handed to the system so far (the buffered rest is written by the next flush).
    public private(set) var bytesWritten: UInt64 = 0

    private static let flushThreshold = 1 << 20

    private var descriptor: Int32
    private var output: WorkloadOutputBuffer
    /// Set after a failed write(2): the file is incomplete and further writes would be misleading.
    private var failure: RunFileError?

    /// Creates (or truncates) the file at `path` with mode 0600 and writes the magic and header.
    public init(path: String, header: RunHeader) throws(RunFileError) {
        let descriptor = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .cannotCreate(path: path, reason: RunFileError.systemMessage(errno))
        }
        // open(2) keeps the mode of a file that already existed: force owner-only access.
        guard fchmod(descriptor, 0o600) == 0 else {
            let reason = RunFileError.systemMessage(errno)
            closeDescriptor(descriptor)
            throw .cannotCreate(path: path, reason: "cannot restrict permissions to 0600: \(reason)")
        }
        self.path = path
        self.descriptor = descriptor
        output = WorkloadOutputBuffer(capacity: Self.flushThreshold + 64 * 1024)
        do {
            try output.appendRunFileStart(header)
        } catch {
            closeDescriptor(descriptor)
            self.descriptor = -1
            throw error
        }
    }

    deinit {
        // finish() and close() report errors; a writer dropped without them still writes what it holds.
        if descriptor >= 0 {
            if failure == nil { try? flush() }
            closeDescriptor(descriptor)
        }
    }

    /// Bytes reserved by the write buffer (tests check that memory stays bounded).
    var bufferCapacity: Int { output.capacity }

    /// Appends one outcome. Throws on a write error, for an outcome too large for the format, and
    /// after `finish(trailer:)` or `close()`.
    public func write(_ outcome: ReplayOutcome) throws(RunFileError) {
        try checkUsable()
        try output.appendOutcome(outcome)
        outcomesWritten += 1
        if output.count >= Self.flushThreshold {
            try flush()
        }
    }

    /// Writes out the buffered outcomes (the engine may call it periodically, so that a killed
    /// replay loses less).
    public func flush() throws(RunFileError) {
        try checkUsable()
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
            let error = RunFileError.writeFailed(path: path, reason: RunFileError.systemMessage(code))
            failure = error
            throw error
        }
        bytesWritten += UInt64(bytes.count)
        // A huge outcome (a long error message) grew the buffer: give that memory back.
        output.removeAll(keepingAtMost: Self.flushThreshold + 64 * 1024)
    }

    /// Ends a complete run: writes the trailer (its `outcomes` is set to the number of outcomes
    /// written, whatever the given value), flushes, syncs the file to disk and closes it.
    public func finish(trailer: RunTrailer) throws(RunFileError) {
        try checkUsable()
        var trailer = trailer
        trailer.outcomes = outcomesWritten
        try output.appendRunTrailer(trailer)
        try flush()
        if fsync(descriptor) != 0 {
            let error = RunFileError.writeFailed(path: path, reason: RunFileError.systemMessage(errno))
            failure = error
            try? close()
            throw error
        }
        try close()
    }

    /// Flushes and closes the file without a trailer: readers will report it cut short (for a replay
    /// that failed). Calling it again, or after `finish(trailer:)`, does nothing.
    public func close() throws(RunFileError) {
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
            throw .writeFailed(path: path, reason: RunFileError.systemMessage(errno))
        }
    }

    private func checkUsable() throws(RunFileError) {
        if let failure { throw failure }
        guard descriptor >= 0 else { throw .writeFailed(path: path, reason: "the writer is already closed") }
    }
}

/// The C close(2)/write(2), named apart from the writer's own `close()` method.
@discardableResult
private func closeDescriptor(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}

private func writeDescriptor(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
