import Foundation
import LocalPostgres
import TestSupport
import Testing
import SQLFingerprint
import Workload
@testable import Replay

/// Each shared pgbench capture replays into a freshly initialised pgbench database with no error and
/// every outcome as in production, and PostgreSQL's own counters agree with the workload.
@Suite(.serialized) struct PgbenchCaptureReplayTests {
    static let files = ["pgbench_simple.pcap", "pgbench_extended.pcap", "pgbench_prepared.pcap", "pgbench_select_only.pcap"]

    @Test(arguments: files)
    func replaysExactlyAsProduction(file: String) throws {
        let cluster = try ThrowawayCluster.start(options: ClusterOptions(statStatements: true))
        defer { cluster.stop() }
        try cluster.createPgbenchDatabase("bench")
        _ = try cluster.psql("CREATE EXTENSION pg_stat_statements", database: "bench")
        let directory = try TemporaryDirectory()
        let workload = try ReplayHarness.importShared(file, into: directory)
        let requests = try ReplayHarness.requests(workload)

        var options = ReplayOptions(workloadPath: workload, target: cluster.connectionString(database: "bench"),
                                    output: directory.path("run.pgr"))
        options.speed = .max
        let replayer = try Replayer(options: options)
        // Counted from here: the probe's own queries ran before.
        _ = try cluster.psql("SELECT pg_stat_statements_reset()", database: "bench")
        let summary = try replayer.run()

        #expect(summary.requests == requests.count)
        #expect(summary.errors == 0)
        #expect(summary.outcomeMismatches == 0)
        #expect(summary.exactlyAsProduction == requests.count)
        #expect(summary.skipped.isEmpty)
        #expect(summary.connectionLost == 0)
        #expect(!summary.interrupted)

        let run = try ReplayHarness.readRun(directory.path("run.pgr"))
        #expect(run.outcomes.count == requests.count)
        #expect(run.trailer?.interrupted == false)
        #expect(run.header.workloadRequests == UInt64(requests.count))
        #expect(run.header.serverVersion.hasPrefix("15"))
        #expect(run.header.settings.contains { $0.name == "shared_buffers" })
        // The run reads without the workload: the text of every fingerprint and the capture summary.
        let fingerprints = Set(run.outcomes.compactMap(\.fingerprint))
        #expect(!fingerprints.isEmpty)
        #expect(Set(run.statements.keys) == fingerprints)
        #expect(run.statements.values.allSatisfy { !$0.isEmpty })
        #expect(run.captureSummaryJSON != nil)
        #expect(run.captureSummaryJSON == (try ReplayHarness.workloadTrailer(workload))?.summaryJSON)
        let productionByKey = Dictionary(uniqueKeysWithValues: requests.map { (Key($0.session, $0.sequence), $0) })
        for outcome in run.outcomes {
            let production = try #require(productionByKey[Key(outcome.session, outcome.sequence)])
            #expect(outcome.status == .executed)
            #expect(outcome.productionMismatch.isEmpty)
            #expect(outcome.commandTags == production.outcome.commandTags || production.outcome.commandTags.allSatisfy { $0.hasPrefix("INSERT") })
            #expect(outcome.transactionStatus == production.outcome.transactionStatus)
            #expect(outcome.fingerprint == production.fingerprint)
            #expect(outcome.dataRows == production.outcome.dataRows)
        }

        // PostgreSQL counted one call per executed data statement. (Utility statements are left out:
        // pg_stat_statements skips BEGIN/END run again from a named prepared statement.)
        let dataStatements: Set<String> = ["SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt"]
        let executed = requests.filter { $0.kind != .prepare }.reduce(0) { count, request in
            let kinds = (try? StatementClassifier.statementKinds(request.text ?? "")) ?? []
            return count + kinds.filter(dataStatements.contains).count
        }
        let calls = try cluster.psql("""
            SELECT sum(calls) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = 'bench' AND s.query NOT ILIKE '%pg_stat_statements%'
              AND s.query ~* '^\\s*(select|insert|update|delete)'
            """, database: "bench")
        #expect(executed > 0)
        #expect(Int(calls.trimmingCharacters(in: .whitespacesAndNewlines)) == executed)
    }

    struct Key: Hashable {
        let session: UInt32
        let sequence: UInt32
        init(_ session: UInt32, _ sequence: UInt32) {
            self.session = session
            self.sequence = sequence
        }
    }

    /// Binds of a statement prepared before the capture, whose text appears nowhere in the workload,
    /// are skipped and counted; everything else in the sessions is replayed.
    @Test func midstreamSkipsStatementsPreparedBeforeTheCapture() throws {
        let cluster = try ThrowawayCluster.start()
        defer { cluster.stop() }
        try cluster.createDatabase("appcopy")
        let directory = try TemporaryDirectory()
        let workload = try ReplayHarness.importShared("midstream.pcap", into: directory)
        let (summary, _) = try ReplayHarness.replay(workload, target: cluster.connectionString(database: "appcopy"),
                                                    into: directory)
        #expect(summary.skipped[RequestFilter.Reason.statementUnknown] == 120)
        #expect(summary.sessions == 3)
        // Without --threads: a thread per session here (two per processor at most).
        #expect(summary.threads == Replayer.defaultThreadCount(sessions: 3, processors: ProcessInfo.processInfo.activeProcessorCount))
    }
}
