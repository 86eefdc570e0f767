import Foundation
import RunFile
import TestSupport
import Workload

/// Run files made up for comparison tests (and the command-line tests of `compare`): `sessions` sessions of requests over a few statements, with
/// service times drawn from a seeded log-normal distribution and whatever errors and results a test sets.
public struct SyntheticRun {
    /// One statement of the synthetic workload.
    public struct Statement: Sendable {
        public var fingerprint: UInt64
        public var text: String
        /// Median service time in ms.
        public var medianMs: Double
    }

    /// What a test may change about one request.
    public struct Request: Sendable {
        public var session: UInt32
        public var sequence: UInt32
        public var statement: Int
        public var serviceMs: Double
        public var sqlState: String?
        public var message: String = ""
        public var rows: UInt64 = 1
        public var checksum: UInt64
        public var status: ReplayStatus = .executed
    }

    public static let statements = [
        Statement(fingerprint: 0xA1, text: "SELECT abalance FROM pgbench_accounts WHERE aid = $1", medianMs: 0.08),
        Statement(fingerprint: 0xB2, text: "UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2", medianMs: 0.15),
        Statement(fingerprint: 0xC3, text: "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP)", medianMs: 0.1),
        Statement(fingerprint: 0xD4, text: "SELECT name FROM customers WHERE id = $1 ORDER BY name", medianMs: 0.5),
    ]

    /// The requests of one run: `sessions` × `perSession`, statements round-robin, service times
    /// log-normal around each statement's median (σ = 0.25) from `seed`.
    public static func requests(sessions: Int = 4, perSession: Int = 200, seed: UInt64) -> [Request] {
        var random = SplitMix64(seed: seed)
        var requests: [Request] = []
        for session in 1...sessions {
            for sequence in 1...perSession {
                let statement = (session + sequence) % statements.count
                let normal = gaussian(&random)
                requests.append(Request(
                    session: UInt32(session), sequence: UInt32(sequence), statement: statement,
                    serviceMs: statements[statement].medianMs * exp(0.25 * normal),
                    checksum: UInt64(session * 1_000_003 + sequence)))
            }
        }
        return requests
    }

    static func gaussian(_ random: inout SplitMix64) -> Double {
        let u1 = max(Double(random.next() >> 11) / Double(1 << 53), 1e-12)
        let u2 = Double(random.next() >> 11) / Double(1 << 53)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// Writes `requests` as a complete run file at `path`; `summaryJSON` is the replay summary its trailer keeps.
    @discardableResult
    public static func write(_ requests: [Request], to path: String, workloadHash: UInt64 = 0xFEED, speed: Double = 1,
                      filters: [String] = [], summaryJSON: String = "{}") throws -> String {
        let start: Int64 = 1_700_000_000_000_000_000
        let header = RunHeader(toolVersion: "test", workloadPath: "/nonexistent/workload.pgw", workloadHash: workloadHash,
                               workloadRequests: UInt64(requests.count), target: "host=127.0.0.1 dbname=test",
                               serverVersion: "15.18", speed: speed, filters: filters, startedAt: start, captureStart: start)
        let writer = try RunWriter(path: path, header: header)
        for statement in statements {
            try writer.write(statement: Workload.Statement(fingerprint: statement.fingerprint, normalizedText: statement.text))
        }
        for (index, request) in requests.enumerated() {
            let scheduled = start + Int64(index) * 1_000_000
            let executed = request.status == .executed
            var error: ErrorInfo?
            if let state = request.sqlState {
                error = ErrorInfo(fields: [ErrorField(code: UInt8(ascii: "S"), value: "ERROR"),
                                           ErrorField(code: UInt8(ascii: "C"), value: state),
                                           ErrorField(code: UInt8(ascii: "M"), value: request.message)])
            }
            try writer.write(ReplayOutcome(
                session: request.session, sequence: request.sequence, fingerprint: statements[request.statement].fingerprint,
                status: request.status, scheduledAt: scheduled, sentAt: executed ? scheduled : nil,
                completedAt: executed ? scheduled + Int64(request.serviceMs * 1e6) : nil,
                commandTags: error == nil && executed ? ["SELECT \(request.rows)"] : [], rows: error == nil ? request.rows : 0,
                dataRows: error == nil ? request.rows : 0, error: error, transactionStatus: UInt8(ascii: "I"),
                orderedChecksum: request.checksum, unorderedChecksum: request.checksum &* 31))
        }
        try writer.finish(trailer: RunTrailer(endedAt: start + Int64(requests.count) * 1_000_000, outcomes: 0,
                                              summaryJSON: summaryJSON))
        return path
    }
}
