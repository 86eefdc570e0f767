import RunFile
import Testing
import Workload
@testable import Replay

@Suite struct ReplaySummaryBuilderTests {
    static func request(_ sequence: UInt32, sqlState: String? = nil, rowLimit: Int32 = 0) -> Request {
        let error = sqlState.map { ErrorInfo(fields: [ErrorField(code: UInt8(ascii: "C"), value: $0)]) }
        return Request(session: 1, sequence: sequence, kind: .execute, sentAt: 0, rowLimit: rowLimit,
                       fingerprint: 0xABC, outcome: Outcome(commandTags: ["SELECT 1"], rows: 1, error: error))
    }

    @Test func countsOutcomesByKind() {
        var builder = ReplaySummaryBuilder()
        let ok = ReplayOutcome(session: 1, sequence: 1, fingerprint: 0xABC, status: .executed, scheduledAt: 0,
                               sentAt: 1_000_000, completedAt: 3_000_000, commandTags: ["SELECT 1"], rows: 1)
        builder.add(ok, production: Self.request(1))
        var failed = ok
        failed.sequence = 2
        failed.error = ErrorInfo(fields: [ErrorField(code: UInt8(ascii: "C"), value: "42703")])
        failed.productionMismatch = [.sqlState, .commandTag, .rows]
        builder.add(failed, production: Self.request(2, rowLimit: 10))
        builder.add(ReplayOutcome(session: 1, sequence: 3, status: .skipped, skipReason: "may_write", scheduledAt: 0),
                    production: Self.request(3))
        var other = ReplaySummaryBuilder()
        other.add(ReplayOutcome(session: 2, sequence: 1, status: .connectionLost, scheduledAt: 0,
                                error: ErrorInfo(fields: [ErrorField(code: UInt8(ascii: "C"), value: "08006")])),
                  production: Self.request(1))
        builder.merge(other)

        let summary = builder.build(sessions: 2, durationSeconds: 2, normalizedTexts: [0xABC: "SELECT $1"])
        #expect(summary.requests == 2)
        #expect(summary.errors == 1)
        #expect(summary.errorSqlstates == ["42703": 1, "08006": 1])
        #expect(summary.skipped == ["may_write": 1])
        #expect(summary.connectionLost == 1)
        #expect(summary.outcomeMismatches == 1)
        #expect(summary.exactlyAsProduction == 1)
        #expect(summary.requestsPerS == 1)
        #expect(summary.approximations == ["row_limit_executed_whole": 1])
        #expect(summary.sendLagP99Ms > 0.99 && summary.sendLagP99Ms < 1.01)
        #expect(summary.mismatchedFingerprints.count == 1)
        #expect(summary.mismatchedFingerprints.first?.statement == "SELECT $1")
        #expect(summary.mismatchedFingerprints.first?.replayedSqlstates == ["42703": 1])
        #expect(summary.mismatchedFingerprints.first?.productionSqlstates == ["none": 1])
    }

    @Test func jsonHasTheContractKeys() throws {
        let text = try ReplaySummaryBuilder().build(sessions: 0, durationSeconds: 0, normalizedTexts: [:]).jsonText()
        for key in ["sessions", "requests", "skipped", "errors", "error_sqlstates", "outcome_mismatches", "duration_s",
                    "requests_per_s", "send_lag_p99_ms"] {
            #expect(text.contains("\"\(key)\":"), "missing \(key)")
        }
    }
}
