import RunFile
import TestSupport
import Testing
import Workload
@testable import Replay

/// What a replay writes into its run file so that the run reads without the workload: the statement
/// texts of the planned requests' fingerprints and the capture's import summary (no server needed).
@Suite struct RunFileStatementTests {
    static let t0 = SyntheticWorkload.epoch
    static let summary = "{\"sessions\":3,\"requests\":4}"
    static let texts: [UInt64: String] = [0x30: "SELECT $1", 0x10: "UPDATE t SET a = $1", 0x20: "SELECT 'ü'", 0x40: "unused"]

    static func request(_ session: UInt32, _ sequence: UInt32, fingerprint: UInt64?) -> Request {
        let offset = Int64(session) * 1_000_000 + Int64(sequence) * 1_000
        return Request(session: session, sequence: sequence, kind: .query, sentAt: t0 + offset,
                       completedAt: t0 + offset + 500, text: fingerprint.flatMap { texts[$0] } ?? "SELECT",
                       fingerprint: fingerprint)
    }

    /// Three sessions, each with its own fingerprint; session 3 also runs one without a fingerprint.
    /// The workload knows a fourth statement that no request uses.
    static func workload(_ directory: TemporaryDirectory) throws -> String {
        let sessions = [
            SyntheticWorkload.session(1, startedAt: t0, database: "app", requests: [request(1, 1, fingerprint: 0x10)]),
            SyntheticWorkload.session(2, startedAt: t0, database: "app", requests: [request(2, 1, fingerprint: 0x20)]),
            SyntheticWorkload.session(3, startedAt: t0, database: "app", requests: [
                request(3, 1, fingerprint: 0x30), request(3, 2, fingerprint: nil),
            ]),
        ]
        let statements = texts.map { Statement(fingerprint: $0.key, normalizedText: $0.value) }
        return try SyntheticWorkload.write(sessions, statements: statements, summaryJSON: summary,
                                           into: directory, name: "statements.pgw")
    }

    static func header(_ plan: ReplayPlan) -> RunHeader {
        RunHeader(toolVersion: "test", workloadPath: plan.workloadPath, workloadHash: 1,
                  workloadRequests: plan.workloadRequests, target: "host=test", serverVersion: "15", speed: 0,
                  startedAt: t0, captureStart: plan.captureStart)
    }

    @Test func planKeepsTheCaptureSummaryAndTheStatementsOfItsRequests() throws {
        let directory = try TemporaryDirectory()
        let plan = try ReplayPlan.build(workloadPath: try Self.workload(directory))
        #expect(plan.captureSummaryJSON == Self.summary)
        #expect(plan.requestFingerprints == [0x10, 0x20, 0x30])
        #expect(plan.runStatements == [Statement(fingerprint: 0x10, normalizedText: "UPDATE t SET a = $1"),
                                       Statement(fingerprint: 0x20, normalizedText: "SELECT 'ü'"),
                                       Statement(fingerprint: 0x30, normalizedText: "SELECT $1")])
    }

    /// Each shard's run file holds the texts of its own sessions' fingerprints, the capture summary,
    /// and no outcome yet.
    @Test func runFileStartsWithTheSummaryAndTheShardsStatements() throws {
        let directory = try TemporaryDirectory()
        let workload = try Self.workload(directory)
        var union: [UInt64: String] = [:]
        for index in UInt32(0)..<2 {
            let plan = try ReplayPlan.build(workloadPath: workload, shard: try #require(ShardSelection(index: index, count: 2)))
            let path = directory.path("shard\(index).pgr")
            let writer = try Replayer.startRunFile(path: path, header: Self.header(plan), plan: plan)
            try writer.close()
            let reader = try RunReader(path: path)
            #expect(try reader.next() == nil)
            #expect(reader.cutShort != nil)
            #expect(reader.captureSummaryJSON == Self.summary)
            #expect(reader.statements == Dictionary(uniqueKeysWithValues: plan.runStatements.map { ($0.fingerprint, $0.normalizedText) }))
            // Session n runs fingerprint 0xn0.
            #expect(Set(reader.statements.keys) == Set(plan.sessions.map { UInt64($0.start.session) << 4 }))
            union.merge(reader.statements) { first, _ in first }
        }
        #expect(union == Self.texts.filter { $0.key != 0x40 })
    }
}
