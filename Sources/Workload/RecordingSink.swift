import PGWire
import SQLFingerprint

/// Where one decoding thread's sessions go: counts for the summary, fingerprints, and records encoded into
/// the thread's own buffer, which goes to the workload file a megabyte at a time.
///
/// Encoding errors (a record over the format's limit, a failed write) are kept, not thrown through the
/// decoder's callbacks: `failure` holds the first, and after it nothing more is written.
final class RecordingSink {
    // Hot path, one thread, no overlapping accesses: the runtime exclusivity checks are skipped.
    @exclusivity(unchecked) var summary = ImportSummary()
    /// The first error encoding or writing a record; nothing is written after it.
    private(set) var failure: WorkloadFormatError?
    private let writer: SharedWorkloadWriter
    @exclusivity(unchecked) private var output = WorkloadOutputBuffer(capacity: RecordingSink.batchSize + 64 * 1024)
    private var fingerprinter = Fingerprinter()
    private var writtenStatements: Set<UInt64> = []
    @exclusivity(unchecked) private var recentTexts = TextFingerprintCache()
    private let frontendCounts = MessageCounts()
    private let backendCounts = MessageCounts()
    @exclusivity(unchecked) private var tagCounts = CommandTagCounter()

    /// Encoded records handed to the file at once.
    static let batchSize = 1 << 20

    init(writer: SharedWorkloadWriter) {
        self.writer = writer
    }

    @inline(__always)
    func count(frontend message: BorrowedFrontendMessage) {
        if let typeByte = message.typeByte {
            frontendCounts.add(typeByte: typeByte)
        } else {
            frontendCounts.add(named: message.typeLetter)
        }
        switch message {
        case .query, .execute: summary.queries += 1
        default: break
        }
    }

    @inline(__always)
    func count(backend message: BorrowedBackendMessage) {
        if let typeByte = message.typeByte { backendCounts.add(typeByte: typeByte) }
        switch message {
        case .sslResponse(let accepted):
            summary.sslAnswers["SSLResponse:\(accepted ? "S" : "N")", default: 0] += 1
        case .gssResponse(let accepted):
            summary.sslAnswers["GSSResponse:\(accepted ? "G" : "N")", default: 0] += 1
        case .errorResponse(let fields):
            summary.errors += 1
            summary.errorSqlstates[fields.sqlState?.string ?? "unknown", default: 0] += 1
        case .commandComplete(let tag):
            tagCounts.add(tag)
        default:
            break
        }
    }

    /// Writes a finished request, preceded by its session's start record and its statement record when new.
    func emit(_ request: borrowing BorrowedRequest, of session: SessionRecording) {
        guard failure == nil else { return }
        writeSessionStart(of: session)
        let fingerprint = request.text.flatMap(fingerprint(of:))
        summary.requests += 1
        do throws(WorkloadFormatError) {
            try output.appendRequestRecord(request, fingerprint: fingerprint)
        } catch {
            failure = error
            return
        }
        if output.count >= Self.batchSize { flush() }
    }

    /// The text's fingerprint; the first time a fingerprint is seen its statement record is written.
    private func fingerprint(of text: BorrowedBytes) -> UInt64? {
        if let cached = recentTexts.fingerprint(of: text) { return cached }
        let result = fingerprinter.fingerprint(text.string)
        let fingerprint = result.fingerprint?.value
        if let fingerprint, writtenStatements.insert(fingerprint).inserted {
            write(.statement(Statement(fingerprint: fingerprint, normalizedText: result.normalizedText)))
        }
        recentTexts.insert(text, fingerprint: fingerprint)
        return fingerprint
    }

    func writeSessionStart(of session: SessionRecording) {
        guard !session.sessionStartWritten else { return }
        session.sessionStartWritten = true
        write(.sessionStart(session.sessionStart))
    }

    func write(_ record: WorkloadRecord) {
        encode { (output: inout WorkloadOutputBuffer) throws(WorkloadFormatError) in try output.appendRecord(record) }
    }

    /// Hands the encoded records to the file (at the end, or when the thread is done).
    func flush() {
        guard failure == nil, output.count > 0 else { return }
        do throws(WorkloadFormatError) {
            try writer.write(encodedRecords: output.bytes)
        } catch {
            failure = error
        }
        output.removeAll(keepingAtMost: Self.batchSize + 64 * 1024)
    }

    private func encode(_ body: (inout WorkloadOutputBuffer) throws(WorkloadFormatError) -> Void) {
        guard failure == nil else { return }
        do throws(WorkloadFormatError) {
            try body(&output)
        } catch {
            failure = error
            return
        }
        if output.count >= Self.batchSize { flush() }
    }

    /// Folds the message counts into the summary.
    func finishCounts() {
        summary.frontend = frontendCounts.dictionary
        summary.backend = backendCounts.dictionary
        for (command, count) in tagCounts.counts { summary.commandTags[command, default: 0] += count }
    }
}
