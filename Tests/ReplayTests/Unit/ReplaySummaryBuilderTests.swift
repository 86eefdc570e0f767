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

    /// The replayer's own lag is what the threads report, merged across threads; a request without
    /// one (skipped, or added from a run file) leaves it alone.
    @Test func replayerLagIsKeptApartFromTheSendLag() {
        var builder = ReplaySummaryBuilder()
        let late = ReplayOutcome(session: 1, sequence: 1, fingerprint: 0xABC, status: .executed, scheduledAt: 0,
                                 sentAt: 80_000_000, completedAt: 81_000_000, commandTags: ["SELECT 1"], rows: 1)
        builder.add(late, production: ProductionFacts(Self.request(1)), replayerLag: 2_000_000)
        var other = ReplaySummaryBuilder()
        var next = late
        next.sequence = 2
        other.add(next, production: ProductionFacts(Self.request(2)), replayerLag: 4_000_000)
        other.add(ReplayOutcome(session: 1, sequence: 3, status: .skipped, skipReason: "may_write", scheduledAt: 0),
                  production: ProductionFacts(Self.request(3)), replayerLag: 9_000_000)
        builder.merge(other)
        let summary = builder.build(sessions: 1, durationSeconds: 1, normalizedTexts: [:])
        #expect(summary.sendLagP99Ms > 79.9 && summary.sendLagP99Ms < 80.1)
        #expect(summary.replayerLagP50Ms > 1.99 && summary.replayerLagP50Ms < 2.01)
        #expect(summary.replayerLagP99Ms > 3.99 && summary.replayerLagP99Ms < 4.01)
        #expect(summary.text().contains("the replayer's own p99 4.00"))
        #expect(ReplaySummaryBuilder().build(sessions: 0, durationSeconds: 0, normalizedTexts: [:]).replayerLagP99Ms == 0)
    }

    /// A paced replay that fell behind says whether the target's answers or the replaying machine did it.
    @Test func theTextSaysWhyAPacedReplayFellBehind() {
        var summary = ReplaySummary()
        summary.requests = 10
        summary.sendLagP99Ms = 40
        summary.replayerLagP99Ms = 0.3
        #expect(summary.text().contains("mostly sessions waiting for answers that came later than in production; the replayer itself kept to the schedule"))
        summary.replayerLagP99Ms = 6.4
        #expect(summary.text().contains("waiting for answers that came later than in production; the replaying machine itself also ran late (the replayer's own p99 6.400 ms)"))
        summary.replayerLagP99Ms = 30
        #expect(summary.text().contains("behind schedule: the replaying machine itself ran late (the replayer's own p99 30.000 ms); replay on a less busy machine"))
        summary.speed = "max"
        #expect(!summary.text().contains("behind schedule"))
        summary.speed = "1"
        summary.sendLagP99Ms = 0.8
        #expect(!summary.text().contains("behind schedule"))
    }

    @Test func jsonHasTheContractKeys() throws {
        let text = try ReplaySummaryBuilder().build(sessions: 0, durationSeconds: 0, normalizedTexts: [:]).jsonText()
        for key in ["sessions", "requests", "skipped", "errors", "error_sqlstates", "outcome_mismatches", "duration_s",
                    "requests_per_s", "send_lag_p99_ms", "replayer_lag_p99_ms"] {
            #expect(text.contains("\"\(key)\":"), "missing \(key)")
        }
    }
}
