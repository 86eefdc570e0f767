import Foundation
import Workload

/// One replayed outcome as a JSON object, for other tools and for people chasing one request
/// (`inspect RUN --jsonl`): one object a line, streaming. Times are ns since the epoch; the
/// derived `latency_ms`, `service_ms` and `send_lag_ms` save every reader the arithmetic.
public struct OutcomeExport: Codable, Sendable {
    public var session: UInt32
    public var sequence: UInt32
    public var fingerprint: String?
    public var status: String
    public var skipReason: String?
    public var scheduledAt: Int64
    public var sentAt: Int64?
    public var completedAt: Int64?
    public var latencyMilliseconds: Double?
    public var serviceMilliseconds: Double?
    public var sendLagMilliseconds: Double?
    public var commandTags: [String]
    public var rows: UInt64
    public var dataRows: UInt64
    public var sqlstate: String?
    public var errorMessage: String?
    public var transactionStatus: String?
    public var orderedChecksum: String
    public var unorderedChecksum: String
    public var productionMismatch: [String]

    enum CodingKeys: String, CodingKey {
        case session, sequence, fingerprint, status, rows, sqlstate
        case skipReason = "skip_reason"
        case scheduledAt = "scheduled_at_ns"
        case sentAt = "sent_at_ns"
        case completedAt = "completed_at_ns"
        case latencyMilliseconds = "latency_ms"
        case serviceMilliseconds = "service_ms"
        case sendLagMilliseconds = "send_lag_ms"
        case commandTags = "command_tags"
        case dataRows = "data_rows"
        case errorMessage = "error_message"
        case transactionStatus = "transaction_status"
        case orderedChecksum = "ordered_checksum"
        case unorderedChecksum = "unordered_checksum"
        case productionMismatch = "production_mismatch"
    }

    public init(_ outcome: ReplayOutcome) {
        session = outcome.session
        sequence = outcome.sequence
        fingerprint = outcome.fingerprint.map(Self.hex)
        status = outcome.status.name
        skipReason = outcome.skipReason
        scheduledAt = outcome.scheduledAt
        sentAt = outcome.sentAt
        completedAt = outcome.completedAt
        latencyMilliseconds = outcome.latency.map { Double($0) / 1e6 }
        serviceMilliseconds = outcome.serviceTime.map { Double($0) / 1e6 }
        sendLagMilliseconds = outcome.sendLag.map { Double($0) / 1e6 }
        commandTags = outcome.commandTags
        rows = outcome.rows
        dataRows = outcome.dataRows
        sqlstate = outcome.sqlState
        errorMessage = outcome.error?.message
        transactionStatus = outcome.transactionStatus.map { String(UnicodeScalar($0)) }
        orderedChecksum = Self.hex(outcome.orderedChecksum)
        unorderedChecksum = Self.hex(outcome.unorderedChecksum)
        productionMismatch = outcome.productionMismatch.names
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Writes every outcome of the run file at `path` as one JSON line.
    public static func exportLines(path: String, _ write: (String) throws -> Void) throws {
        let reader = try RunReader(path: path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        while let outcome = try reader.next() {
            try write(String(decoding: try encoder.encode(OutcomeExport(outcome)), as: UTF8.self))
        }
    }

    /// Whether `path` starts with the run file magic (so `inspect` knows which kind of file it got).
    public static func isRunFile(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: RunFormat.magic.count)) ?? Data()
        return Array(start) == RunFormat.magic
    }
}
