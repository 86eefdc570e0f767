import PGWire
import SQLFingerprint

/// Where decoded sessions go: counts for the summary, fingerprints, and the workload file.
final class RecordingSink {
    // Hot path, one thread, no overlapping accesses: the runtime exclusivity checks are skipped.
    @exclusivity(unchecked) var summary = ImportSummary()
    private let writer: SharedWorkloadWriter
    private var fingerprinter = Fingerprinter()
    private var writtenStatements: Set<UInt64> = []
    /// The last few texts and their fingerprints: prepared statements repeat the very same text, and
    /// comparing against it is far cheaper than scanning it again.
    private var recentTexts: [(text: String, fingerprint: UInt64?)] = []
    private var recentCursor = 0
    private static let recentCapacity = 16
    @exclusivity(unchecked) private var frontendCounts = MessageCounts()
    @exclusivity(unchecked) private var backendCounts = MessageCounts()
    @exclusivity(unchecked) private var tagCounts: [String: Int] = [:]

    init(writer: SharedWorkloadWriter) {
        self.writer = writer
    }

    func count(frontend message: FrontendMessage) {
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

    func count(backend message: BackendMessage) {
        if let typeByte = message.typeByte { backendCounts.add(typeByte: typeByte) }
        switch message {
        case .sslResponse(let accepted):
            summary.sslAnswers["SSLResponse:\(accepted ? "S" : "N")", default: 0] += 1
        case .gssResponse(let accepted):
            summary.sslAnswers["GSSResponse:\(accepted ? "G" : "N")", default: 0] += 1
        case .errorResponse(let fields):
            summary.errors += 1
            summary.errorSqlstates[fields.sqlState ?? "unknown", default: 0] += 1
        case .commandComplete(let tag):
            // Whole tags repeat ("SELECT 1", "UPDATE 1"): count them as they are, name their commands later.
            tagCounts[tag, default: 0] += 1
            if tagCounts.count > 10_000 { foldTagCounts() }
        default:
            break
        }
    }

    /// Writes a finished request, preceded by its session's start record and its statement record when new.
    func emit(_ request: Request, of session: SessionRecording) throws {
        try writeSessionStart(of: session)
        var request = request
        if let text = request.text {
            request.fingerprint = try fingerprint(of: text)
        }
        summary.requests += 1
        try writer.write(.request(request))
    }

    /// The text's fingerprint; the first time a fingerprint is seen its statement record is written.
    private func fingerprint(of text: String) throws -> UInt64? {
        for entry in recentTexts where entry.text == text {
            return entry.fingerprint
        }
        let result = fingerprinter.fingerprint(text)
        let fingerprint = result.fingerprint?.value
        if let fingerprint, writtenStatements.insert(fingerprint).inserted {
            try writer.write(.statement(Statement(fingerprint: fingerprint, normalizedText: result.normalizedText)))
        }
        if recentTexts.count < Self.recentCapacity {
            recentTexts.append((text, fingerprint))
        } else {
            recentTexts[recentCursor] = (text, fingerprint)
            recentCursor = (recentCursor + 1) % Self.recentCapacity
        }
        return fingerprint
    }

    func writeSessionStart(of session: SessionRecording) throws {
        guard !session.sessionStartWritten else { return }
        session.sessionStartWritten = true
        try writer.write(.sessionStart(session.sessionStart))
    }

    func write(_ record: WorkloadRecord) throws {
        try writer.write(record)
    }

    /// Folds the message counts into the summary.
    func finishCounts() {
        summary.frontend = frontendCounts.dictionary
        summary.backend = backendCounts.dictionary
        foldTagCounts()
    }

    private func foldTagCounts() {
        for (tag, count) in tagCounts {
            summary.commandTags[ImportSummary.command(ofTag: tag), default: 0] += count
        }
        tagCounts.removeAll(keepingCapacity: true)
    }
}
