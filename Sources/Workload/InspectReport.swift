import Foundation
import Histogram
import SQLFingerprint

/// What a workload file holds, summarised for a person deciding whether it is worth replaying:
/// sessions, time span, requests, production errors, the heaviest statements, losses.
public struct InspectReport: Codable, Sendable {
    /// One statement shape (libpg_query fingerprint) with its production latency distribution.
    public struct FingerprintStatistics: Codable, Sendable {
        public var fingerprint: String
        public var normalizedText: String
        public var count: UInt64
        public var errors: UInt64
        public var totalMilliseconds: Double
        public var p50Milliseconds: Double
        public var p95Milliseconds: Double
        public var p99Milliseconds: Double

        enum CodingKeys: String, CodingKey {
            case fingerprint, count, errors
            case normalizedText = "normalized_text"
            case totalMilliseconds = "total_ms"
            case p50Milliseconds = "p50_ms"
            case p95Milliseconds = "p95_ms"
            case p99Milliseconds = "p99_ms"
        }
    }

    public var file: String
    public var formatVersion: Int
    public var toolVersion: String
    public var sources: [String]
    public var complete: Bool
    public var sessions: Int
    public var sessionsWithStartup: Int
    public var encryptedSessions: Int
    public var users: [String: Int]
    public var databases: [String: Int]
    public var firstTimestamp: Int64?
    public var lastTimestamp: Int64?
    public var durationSeconds: Double
    public var requests: UInt64
    public var requestKinds: [String: UInt64]
    public var incompleteRequests: UInt64
    public var statementsPreparedBeforeCapture: UInt64
    public var errors: UInt64
    public var errorSqlstates: [String: UInt64]
    public var gapBytes: UInt64
    public var packetsDropped: UInt64?
    public var truncatedInput: String?
    public var topByCount: [FingerprintStatistics]
    public var topByTotalTime: [FingerprintStatistics]

    enum CodingKeys: String, CodingKey {
        case file, complete, sessions, users, databases, requests, errors, sources
        case formatVersion = "format_version"
        case toolVersion = "tool_version"
        case sessionsWithStartup = "sessions_with_startup"
        case encryptedSessions = "encrypted_sessions"
        case firstTimestamp = "first_timestamp_ns"
        case lastTimestamp = "last_timestamp_ns"
        case durationSeconds = "duration_s"
        case requestKinds = "request_kinds"
        case incompleteRequests = "incomplete_requests"
        case statementsPreparedBeforeCapture = "statements_prepared_before_capture"
        case errorSqlstates = "error_sqlstates"
        case gapBytes = "gap_bytes"
        case packetsDropped = "packets_dropped"
        case truncatedInput = "truncated_input"
        case topByCount = "top_by_count"
        case topByTotalTime = "top_by_total_time"
    }

    /// Reads the whole file once, streaming, and summarises it.
    public static func make(path: String, top: Int = 10) throws -> InspectReport {
        let reader = try WorkloadReader(path: path)
        var accumulator = Accumulator()
        while let record = try reader.next() {
            accumulator.add(record)
        }
        return accumulator.report(file: path, header: reader.header, complete: reader.sawTrailer, top: top)
    }

    /// The summary as a person reads it on a terminal.
    public var text: String {
        var lines: [String] = []
        lines.append("workload \(file) (format \(formatVersion), written by pgrehearse \(toolVersion))\(complete ? "" : " — INCOMPLETE: the file has no trailer, it was cut short")")
        if !sources.isEmpty { lines.append("source:    \(sources.joined(separator: ", "))") }
        if let first = firstTimestamp, let last = lastTimestamp {
            lines.append("captured:  \(Self.format(timestamp: first)) → \(Self.format(timestamp: last)) (\(String(format: "%.3f", durationSeconds)) s)")
        }
        lines.append("sessions:  \(sessions) (\(sessionsWithStartup) with startup, \(encryptedSessions) encrypted and not decodable)")
        if !users.isEmpty {
            lines.append("users:     " + users.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", "))
        }
        if !databases.isEmpty {
            lines.append("databases: " + databases.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", "))
        }
        let kinds = requestKinds.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        lines.append("requests:  \(requests)\(kinds.isEmpty ? "" : " (\(kinds))")")
        if incompleteRequests > 0 { lines.append("           \(incompleteRequests) without a reply before the capture ended") }
        if statementsPreparedBeforeCapture > 0 {
            lines.append("           \(statementsPreparedBeforeCapture) use a statement prepared before the capture started")
        }
        lines.append("errors:    \(errors)" + (errorSqlstates.isEmpty ? "" : " (" + errorSqlstates.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")"))
        var loss = "loss:      \(gapBytes) bytes missing from TCP streams"
        if let dropped = packetsDropped { loss += ", \(dropped) packets dropped by the kernel" }
        lines.append(loss)
        if let truncatedInput { lines.append("truncated: \(truncatedInput)") }
        for (title, rows) in [("top statements by count", topByCount), ("top statements by total production time", topByTotalTime)] where !rows.isEmpty {
            lines.append("")
            lines.append(title + ":")
            lines.append("  count      total ms    p50 ms    p95 ms    p99 ms  errors  statement")
            for row in rows {
                let text = row.normalizedText.split(whereSeparator: \.isNewline).joined(separator: " ")
                let shown = text.count > 80 ? String(text.prefix(77)) + "..." : text
                lines.append(String(format: "%7llu %13.3f %9.3f %9.3f %9.3f %7llu  ", row.count, row.totalMilliseconds,
                                    row.p50Milliseconds, row.p95Milliseconds, row.p99Milliseconds, row.errors) + shown)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Nanoseconds since the Unix epoch as ISO 8601 UTC with milliseconds, as every report shows times.
    public static func format(timestamp: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(timestamp) / 1e9)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// Streaming accumulation: one histogram per fingerprint, nothing per request.
    private struct Accumulator {
        struct Shape {
            var count: UInt64 = 0
            var errors: UInt64 = 0
            var totalNanoseconds: UInt64 = 0
            var latencyMicroseconds = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
        }

        var sessions = 0
        var sessionsWithStartup = 0
        var encryptedSessions = 0
        var users: [String: Int] = [:]
        var databases: [String: Int] = [:]
        var firstTimestamp: Int64?
        var lastTimestamp: Int64?
        var requests: UInt64 = 0
        var kinds: [String: UInt64] = [:]
        var incomplete: UInt64 = 0
        var preparedBefore: UInt64 = 0
        var errors: UInt64 = 0
        var sqlstates: [String: UInt64] = [:]
        var statements: [UInt64: String] = [:]
        var shapes: [UInt64: Shape] = [:]
        var gapBytes: UInt64 = 0
        var trailer: WorkloadTrailer?

        mutating func add(_ record: WorkloadRecord) {
            switch record {
            case .sessionStart(let start):
                sessions += 1
                if start.sawStartup { sessionsWithStartup += 1 }
                if let user = start.user { users[user, default: 0] += 1 }
                if let database = start.database { databases[database, default: 0] += 1 }
                see(start.startedAt)
            case .statement(let statement):
                statements[statement.fingerprint] = statement.normalizedText
            case .request(let request):
                requests += 1
                kinds[request.kind.name, default: 0] += 1
                see(request.sentAt)
                if let completed = request.completedAt { see(completed) }
                if request.flags.contains(.incomplete) { incomplete += 1 }
                if request.flags.contains(.statementPreparedBeforeCapture) { preparedBefore += 1 }
                if let error = request.outcome.error {
                    errors += 1
                    sqlstates[error.sqlState ?? "unknown", default: 0] += 1
                }
                if let fingerprint = request.fingerprint {
                    var shape = shapes[fingerprint] ?? Shape()
                    shape.count += 1
                    if request.outcome.error != nil { shape.errors += 1 }
                    if let completed = request.completedAt, completed >= request.sentAt {
                        let nanoseconds = UInt64(completed - request.sentAt)
                        shape.totalNanoseconds &+= nanoseconds
                        _ = shape.latencyMicroseconds.record(min(nanoseconds / 1000, 3_600_000_000))
                    }
                    shapes[fingerprint] = shape
                }
            case .sessionEnd(let end):
                if end.encrypted { encryptedSessions += 1 }
                gapBytes += end.gapBytes
                see(end.endedAt)
            case .trailer(let trailer):
                self.trailer = trailer
            }
        }

        mutating func see(_ time: Int64) {
            guard time > 0 else { return }
            firstTimestamp = Swift.min(firstTimestamp ?? time, time)
            lastTimestamp = Swift.max(lastTimestamp ?? time, time)
        }

        func report(file: String, header: WorkloadHeader, complete: Bool, top: Int) -> InspectReport {
            let rows = shapes.map { fingerprint, shape in
                FingerprintStatistics(
                    fingerprint: StatementFingerprint(value: fingerprint).hex,
                    normalizedText: statements[fingerprint] ?? "",
                    count: shape.count, errors: shape.errors,
                    totalMilliseconds: Double(shape.totalNanoseconds) / 1e6,
                    p50Milliseconds: Double(shape.latencyMicroseconds.valueAtPercentile(50)) / 1e3,
                    p95Milliseconds: Double(shape.latencyMicroseconds.valueAtPercentile(95)) / 1e3,
                    p99Milliseconds: Double(shape.latencyMicroseconds.valueAtPercentile(99)) / 1e3)
            }
            let first = trailer?.firstTimestamp ?? firstTimestamp
            let last = trailer?.lastTimestamp ?? lastTimestamp
            return InspectReport(
                file: file, formatVersion: Int(header.formatVersion), toolVersion: header.toolVersion,
                sources: header.sources, complete: complete,
                sessions: sessions, sessionsWithStartup: sessionsWithStartup,
                encryptedSessions: encryptedSessions, users: users, databases: databases,
                firstTimestamp: first, lastTimestamp: last,
                durationSeconds: first.flatMap { f in last.map { Double($0 - f) / 1e9 } } ?? 0,
                requests: requests, requestKinds: kinds, incompleteRequests: incomplete,
                statementsPreparedBeforeCapture: preparedBefore, errors: errors, errorSqlstates: sqlstates,
                gapBytes: trailer?.gapBytes ?? gapBytes, packetsDropped: trailer?.packetsDropped,
                truncatedInput: trailer?.truncatedInput,
                // Ties go by fingerprint, so that the same file always lists the same statements in the same order.
                topByCount: Array(rows.sorted {
                    ($0.count, $0.totalMilliseconds, $1.fingerprint) > ($1.count, $1.totalMilliseconds, $0.fingerprint)
                }.prefix(top)),
                topByTotalTime: Array(rows.sorted {
                    ($0.totalMilliseconds, $1.fingerprint) > ($1.totalMilliseconds, $0.fingerprint)
                }.prefix(top)))
        }
    }
}
