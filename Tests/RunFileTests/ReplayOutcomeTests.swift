import Testing
@testable import RunFile

@Suite struct ReplayOutcomeTests {
    @Test func latencyIsMeasuredFromTheSchedule() {
        let outcome = ReplayOutcome(session: 1, sequence: 1, status: .executed,
                                    scheduledAt: 1_000, sentAt: 1_400, completedAt: 2_000)
        #expect(outcome.latency == 1_000)
        #expect(outcome.serviceTime == 600)
        #expect(outcome.sendLag == 400)
    }

    @Test func mismatchIgnoresUnknownProduction() {
        #expect(!ProductionMismatch.productionUnknown.isMismatch)
        #expect(ProductionMismatch.rows.isMismatch)
        #expect(ProductionMismatch([.rows, .sqlState]).names == ["rows", "sqlstate"])
    }
}
