import RunFile
import Testing
import Workload
@testable import Replay

@Suite struct ProductionComparisonTests {
    static func production(tags: [String], rows: UInt64, sqlState: String? = nil, flags: RequestFlags = []) -> Request {
        let error = sqlState.map { ErrorInfo(fields: [ErrorField(code: UInt8(ascii: "C"), value: $0)]) }
        return Request(session: 1, sequence: 1, kind: .query, sentAt: 0,
                       outcome: Outcome(commandTags: tags, rows: rows, error: error), flags: flags)
    }

    static func replayed(tags: [String], rows: UInt64, sqlState: String? = nil) -> ReplayOutcome {
        ReplayOutcome(session: 1, sequence: 1, status: .executed, scheduledAt: 0, commandTags: tags, rows: rows,
                      error: sqlState.map { ErrorInfo(fields: [ErrorField(code: UInt8(ascii: "C"), value: $0)]) })
    }

    @Test func tagNamesDropCounts() {
        #expect(ProductionComparison.tagName("INSERT 0 5") == "INSERT")
        #expect(ProductionComparison.tagName("SELECT 3") == "SELECT")
        #expect(ProductionComparison.tagName("CREATE TABLE") == "CREATE TABLE")
        #expect(ProductionComparison.tagName("BEGIN") == "BEGIN")
        #expect(ProductionComparison.tagName("") == "")
    }

    @Test func identicalOutcomesMatch() {
        let mismatch = ProductionComparison.mismatch(production: Self.production(tags: ["UPDATE 1"], rows: 1),
                                                     replayed: Self.replayed(tags: ["UPDATE 1"], rows: 1))
        #expect(mismatch.isEmpty)
    }

    @Test func eachDifferenceIsNamed() {
        let rows = ProductionComparison.mismatch(production: Self.production(tags: ["UPDATE 1"], rows: 1),
                                                 replayed: Self.replayed(tags: ["UPDATE 0"], rows: 0))
        #expect(rows == .rows)
        let error = ProductionComparison.mismatch(production: Self.production(tags: ["SELECT 1"], rows: 1),
                                                  replayed: Self.replayed(tags: [], rows: 0, sqlState: "42703"))
        #expect(error == [.commandTag, .rows, .sqlState])
        let end = ProductionComparison.mismatch(production: Self.production(tags: ["COMMIT"], rows: 0),
                                                replayed: Self.replayed(tags: ["ROLLBACK"], rows: 0))
        #expect(end == .commandTag)
    }

    @Test func incompleteProductionIsUnknown() {
        let mismatch = ProductionComparison.mismatch(
            production: Self.production(tags: [], rows: 0, flags: .incomplete),
            replayed: Self.replayed(tags: ["SELECT 1"], rows: 1))
        #expect(mismatch == .productionUnknown)
        #expect(!mismatch.isMismatch)
    }
}
