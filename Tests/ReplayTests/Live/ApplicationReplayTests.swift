import RunFile
import Foundation
import LiveTestSupport
import LocalPostgres
import TestSupport
import Testing
import Workload
@testable import Replay

/// A real psycopg application (named prepared statements, binary parameters and results, a unique
/// violation in a rolled-back transaction, COPY FROM STDIN, a server-side cursor) replays as it ran in
/// production, and a renamed column shows as 42703 on exactly the requests that use it.
@Suite(.serialized, .enabled(if: LiveCaptureProbe.isAvailable, "live capture on lo needs root or CAP_NET_RAW"))
struct ApplicationReplayTests {
    static func replay(_ application: ApplicationWorkload, database: String, directory: TemporaryDirectory,
                       name: String) throws -> (summary: ReplaySummary, outcomes: [ReplayOutcome]) {
        let (summary, run) = try ReplayHarness.replay(
            application.workloadPath, target: application.cluster.connectionString(database: database),
            into: directory, name: name) { options in
            // The copy lives on the cluster the workload was captured from.
            options.allowWritesToCapturedServer = true
            // Original pacing: the application's sessions interleave as they did in production.
            options.speed = .factor(1)
        }
        return (summary, try ReplayHarness.readRun(run).outcomes)
    }

    @Test func replaysAsInProduction() throws {
        let application = try ApplicationWorkload.recorded()
        let directory = try TemporaryDirectory()
        try application.createCopy(named: "app_replay_1")
        let first = try Self.replay(application, database: "app_replay_1", directory: directory, name: "first.pgr")

        #expect(first.summary.requests == application.requests.count)
        #expect(first.summary.outcomeMismatches == 0, "\(first.summary.mismatchedFingerprints)")
        #expect(first.summary.skipped.isEmpty)
        // The unique violation happens again, exactly once, as in production.
        #expect(first.summary.errorSqlstates == ["23505": 1])
        let copied = first.outcomes.filter { $0.commandTags.contains { $0.hasPrefix("COPY") } }
        #expect(copied.count == 1)
        #expect(copied.first?.rows == 40)
        #expect(first.outcomes.contains { $0.commandTags.contains { $0.hasPrefix("FETCH") } && $0.dataRows == 15 })
        #expect(try application.cluster.psql("SELECT count(*) FROM orders", database: "app_replay_1")
            == application.cluster.psql("SELECT count(*) FROM orders", database: application.database))

        // A second replay into another fresh copy returns the same rows, request by request, except where
        // rows carry order ids: concurrent sessions draw them from one sequence, so they depend on how the
        // sessions interleave (what compare's control run measures), and except the total over all
        // balances: it sees another session's updates only if that session, replayed at its captured
        // start, finished first, which a busy machine can delay (no global order, by design).
        try application.createCopy(named: "app_replay_2")
        let second = try Self.replay(application, database: "app_replay_2", directory: directory, name: "second.pgr")
        let firstByKey = Dictionary(uniqueKeysWithValues: first.outcomes.map { ("\($0.session)/\($0.sequence)", $0) })
        let texts = Dictionary(uniqueKeysWithValues: application.requests.map { ("\($0.session)/\($0.sequence)", $0.text ?? "") })
        var compared = 0
        for outcome in second.outcomes where outcome.dataRows > 0 {
            let key = "\(outcome.session)/\(outcome.sequence)"
            let text = texts[key] ?? ""
            guard !text.contains("orders"), !text.contains("order_report"), !text.contains("sum(balance)") else { continue }
            let other = try #require(firstByKey[key])
            #expect(outcome.orderedChecksum == other.orderedChecksum, "\(text)")
            #expect(outcome.unorderedChecksum == other.unorderedChecksum, "\(text)")
            #expect(outcome.orderedChecksum != 0)
            compared += 1
        }
        #expect(compared > 5)
    }

    @Test func aRenamedColumnFailsExactlyTheRequestsThatUseIt() throws {
        let application = try ApplicationWorkload.recorded()
        let directory = try TemporaryDirectory()
        try application.createRenamedCopy(named: "app_renamed")
        let replay = try Self.replay(application, database: "app_renamed", directory: directory, name: "renamed.pgr")

        let expected = Set(application.requestsUsingRenamedColumn.map { "\($0.session)/\($0.sequence)" })
        let failed = Set(replay.outcomes.filter { $0.sqlState == "42703" }.map { "\($0.session)/\($0.sequence)" })
        #expect(!expected.isEmpty)
        #expect(failed == expected)
        #expect(replay.summary.mismatchedFingerprints.allSatisfy {
            application.fingerprintsUsingRenamedColumn.contains(UInt64($0.fingerprint, radix: 16) ?? 0)
        }, "\(replay.summary.mismatchedFingerprints)")
    }

    @Test func refusesToWriteToTheCapturedServer() throws {
        let application = try ApplicationWorkload.recorded()
        let directory = try TemporaryDirectory()
        var options = ReplayOptions(workloadPath: application.workloadPath,
                                    target: application.cluster.connectionString(database: application.database),
                                    output: directory.path("refused.pgr"))
        options.speed = .max
        do {
            _ = try Replayer(options: options)
            Issue.record("replay against the captured server was not refused")
        } catch {
            guard case .targetIsCapturedServer(_, let writes) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(writes > 0)
            #expect(error.description.contains("--allow-writes-to-captured-server"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path("refused.pgr")))

        // Read-only requests alone are safe anywhere.
        options.readOnly = true
        let replayer = try Replayer(options: options)
        let summary = try replayer.run()
        #expect(summary.skipped[RequestFilter.Reason.mayWrite, default: 0] > 0)
        #expect(summary.requests > 0)
    }
}
