import TestSupport
import Testing
import Workload
@testable import Replay

/// The planning pass over a workload, on workload files written for the purpose (no server needed).
@Suite struct ReplayPlanTests {
    static let t0 = SyntheticWorkload.epoch

    static func request(_ session: UInt32, _ sequence: UInt32, at offset: Int64, _ kind: RequestKind = .execute,
                        text: String?, name: String = "", flags: RequestFlags = [], types: [UInt32] = []) -> Request {
        Request(session: session, sequence: sequence, kind: kind, sentAt: t0 + offset, completedAt: t0 + offset + 1_000,
                text: text, statementName: name, parameterTypeOIDs: types, flags: flags)
    }

    static func workload(_ directory: TemporaryDirectory) throws -> String {
        let sessions = [
            SyntheticWorkload.session(1, startedAt: t0, database: "app", requests: [
                request(1, 1, at: 1_000_000, .prepare, text: "SELECT $1::int", name: "s1", types: [23]),
                request(1, 2, at: 2_000_000, text: "SELECT $1::int", name: "s1"),
                request(1, 3, at: 3_000_000, .prepare, text: "SELECT 1", name: "clash"),
                request(1, 4, at: 4_000_000, .query, text: "UPDATE t SET a = 1", flags: .endsSyncGroup),
            ]),
            SyntheticWorkload.session(2, startedAt: t0 + 500_000_000, database: "app", requests: [
                request(2, 1, at: 600_000_000, .prepare, text: "SELECT 2", name: "clash"),
                request(2, 2, at: 700_000_000, text: nil, name: "s1", flags: .statementPreparedBeforeCapture),
                request(2, 3, at: 2_000_000_000, .query, text: "SELECT 3"),
            ]),
        ]
        return try SyntheticWorkload.write(sessions, into: directory, name: "plan.pgw")
    }

    @Test func statementsKnownByOneTextOnly() throws {
        let directory = try TemporaryDirectory()
        let plan = try ReplayPlan.build(workloadPath: try Self.workload(directory))
        #expect(plan.statements["s1"] == PreparedStatement(text: "SELECT $1::int", parameterTypes: [23]))
        #expect(plan.statements["clash"] == nil)
        #expect(plan.marksSyncGroups)
        #expect(plan.requests == 7)
        #expect(plan.sessions.map(\.start.session) == [1, 2])
        #expect(plan.sessions[0].requests.count == 4)
        #expect(plan.sessions[0].requests[1].isExtended)
        #expect(!plan.sessions[0].requests[3].isExtended)
        #expect(plan.captureStart == Self.t0)
        #expect(plan.mainDatabase == "app")
        // The UPDATE may write; the statement prepared before the capture resolves to a read.
        #expect(plan.writes == 1)
    }

    @Test func readOnlyLeavesNoWrites() throws {
        let directory = try TemporaryDirectory()
        let plan = try ReplayPlan.build(workloadPath: try Self.workload(directory), filter: RequestFilter(readOnly: true))
        #expect(plan.writes == 0)
    }

    @Test func shardsShareTimeZeroAndSplitTheSessions() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.workload(directory)
        let shards = try (UInt32(0)..<2).map {
            try ReplayPlan.build(workloadPath: path, shard: ShardSelection(index: $0, count: 2)!)
        }
        #expect(shards.map(\.captureStart) == [Self.t0, Self.t0])
        let sessions = shards.flatMap { $0.sessions.map(\.start.session) }
        #expect(sessions.sorted() == [1, 2])
        #expect(shards.map(\.requests).reduce(0, +) == 7)
    }

    @Test func aWindowKeepsItsRequestsAndStartsAtItsBeginning() throws {
        let directory = try TemporaryDirectory()
        let plan = try ReplayPlan.build(workloadPath: try Self.workload(directory),
                                        window: TimeWindow(from: .offset(0.5), to: .offset(1.5)))
        #expect(plan.requests == 2)
        #expect(plan.sessions.map(\.start.session) == [2])
        #expect(plan.captureStart == Self.t0 + 500_000_000)
    }

    @Test func plannedRequestsPackOffsetAndFlags() {
        let request = Self.request(1, 1, at: 0, text: "SELECT 1", flags: .pipelined)
        let planned = PlannedRequest(offset: (1 << 56) - 1, request: request)
        #expect(planned.offset == (1 << 56) - 1)
        #expect(planned.isPipelined)
        #expect(planned.isExtended)
        let query = PlannedRequest(offset: 42, request: Self.request(1, 1, at: 0, .query, text: "SELECT 1"))
        #expect(query.offset == 42 && !query.isPipelined && !query.isExtended)
    }
}
