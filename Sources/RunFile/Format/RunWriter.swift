import Workload

/// Writes a run file: creates it readable by its owner only (outcomes carry production data: error
/// messages, command tags), writes the header, then the ancillary capture and statement records that
/// make the file readable without its workload, then streams outcome records through a 1 MiB buffer,
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
    public var path: String { output.path }
    /// Outcome records written (buffered ones included).
    public private(set) var outcomesWritten: UInt64 = 0
    /// Bytes handed to the system so far (the buffered rest is written by the next flush).
    public var bytesWritten: UInt64 { output.bytesWritten }

    private let output: RecordFileOutput

    /// Creates (or truncates) the file at `path` with mode 0600 and writes the magic and header.
    public init(path: String, header: RunHeader) throws(RunFileError) {
        do throws(RecordFileIOError) {
            output = try RecordFileOutput(path: path)
        } catch {
            throw RunFileError(error, path: path)
        }
        try output.buffer.appendRunFileStart(header)
    }

    /// Bytes reserved by the write buffer (tests check that memory stays bounded).
    var bufferCapacity: Int { output.buffer.capacity }

    /// Appends a statement record: the normalized text of a fingerprint the outcomes carry, so that a
    /// run file can be read (compared, reported) without its workload. Write them, and the capture
    /// record, right after the header and before the first outcome: `RunMerger` and readers that stop
    /// early find them there. Readers accept them anywhere, and keep the first text of a fingerprint.
    public func write(statement: Statement) throws(RunFileError) {
        try append { (buffer) throws(RunFileError) in try buffer.appendRunStatement(statement) }
    }

    /// Appends the capture record: the import summary of the replayed workload (its trailer's
    /// `summaryJSON`), stored as is. Written once, right after the header, like statement records.
    public func write(captureSummary json: String) throws(RunFileError) {
        try append { (buffer) throws(RunFileError) in try buffer.appendRunCapture(summaryJSON: json) }
    }

    /// Appends one outcome. Throws on a write error, for an outcome too large for the format, and
    /// after `finish(trailer:)` or `close()`.
    public func write(_ outcome: ReplayOutcome) throws(RunFileError) {
        try append { (buffer) throws(RunFileError) in
            try OutcomeRecordEncoder.append(outcome, to: &buffer)
            outcomesWritten += 1  // buffered: counted even if the flush below fails
        }
    }

    /// Appends the outcome records of a batch, as `write(_ outcome:)` would have one by one.
    public func write(_ batch: borrowing RunOutcomeBatch) throws(RunFileError) {
        let bytes = batch.recordBytes
        let outcomes = batch.outcomes
        try append { (buffer) throws(RunFileError) in
            buffer.appendRaw(bytes)
            outcomesWritten += UInt64(outcomes)
        }
    }

    /// Writes out the buffered outcomes (the engine may call it periodically, so that a killed
    /// replay loses less).
    public func flush() throws(RunFileError) {
        try io { () throws(RecordFileIOError) in try output.flush() }
    }

    /// Ends a complete run: writes the trailer (its `outcomes` is set to the number of outcomes
    /// written, whatever the given value), flushes, syncs the file to disk and closes it.
    public func finish(trailer: RunTrailer) throws(RunFileError) {
        try io { () throws(RecordFileIOError) in try output.checkUsable() }
        var trailer = trailer
        trailer.outcomes = outcomesWritten
        try output.buffer.appendRunTrailer(trailer)
        do throws(RecordFileIOError) {
            try output.sync()
        } catch {
            try? output.close()
            throw RunFileError(error, path: path)
        }
        try close()
    }

    /// Flushes and closes the file without a trailer: readers will report it cut short (for a replay
    /// that failed). Calling it again, or after `finish(trailer:)`, does nothing.
    public func close() throws(RunFileError) {
        try io { () throws(RecordFileIOError) in try output.close() }
    }

    /// Encodes one record into the buffer of a usable writer, then writes the buffer out if it is full.
    private func append(_ encode: (inout WorkloadOutputBuffer) throws(RunFileError) -> Void) throws(RunFileError) {
        try io { () throws(RecordFileIOError) in try output.checkUsable() }
        try encode(&output.buffer)
        try io { () throws(RecordFileIOError) in try output.flushIfFull() }
    }

    private func io(_ body: () throws(RecordFileIOError) -> Void) throws(RunFileError) {
        do throws(RecordFileIOError) { try body() } catch { throw RunFileError(error, path: path) }
    }
}
