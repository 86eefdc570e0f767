import Foundation
import LocalPostgres
import Testing
@testable import Workload

extension LiveCaptureTests {
    /// pgbench's built-in TPC-B-like transaction, recorded while it runs.
    @Suite struct PgbenchLive {
        /// The statements of one TPC-B-like transaction, in order, by the command of their tag.
        static let transactionCommands = ["BEGIN", "UPDATE", "SELECT", "UPDATE", "UPDATE", "INSERT", "COMMIT"]
        static let clients = 2
        static let transactionsPerClient = 200

        @Test(arguments: ["prepared", "simple"])
        func recordsExactlyTheStatementsPgbenchRan(protocolMode: String) throws {
            try SharedClusters.with(.plain) { cluster in
                let database = "bench_\(protocolMode)"
                try cluster.createDatabase(database)
                try cluster.pgbenchInit(database: database, scale: 1)

                var pgbench: ProcessOutput?
                let run = try LiveCaptureRun.record(port: cluster.port) {
                    // -n: no vacuum, so the setup connection only reads the scale and the partitioning.
                    pgbench = try cluster.run("pgbench", [
                        "-n", "-c", String(Self.clients), "-j", "1", "-t", String(Self.transactionsPerClient),
                        "-M", protocolMode, database,
                    ]).check()
                }
                let output = try #require(pgbench).standardOutput
                let transactions = Self.clients * Self.transactionsPerClient
                #expect(output.contains("number of transactions actually processed: \(transactions)/\(transactions)"))
                let statements = transactions * Self.transactionCommands.count

                let summary = run.summary
                print(try summary.jsonText())
                #expect(summary.sessions == Self.clients + 1)
                #expect(summary.sessionsWithStartup == Self.clients + 1)
                #expect(summary.errors == 0)
                #expect(summary.gapBytes == 0)
                #expect(summary.packetsDropped == 0)
                #expect(summary.decodeErrors.isEmpty)
                #expect(summary.unmatchedReplies == 0)
                #expect(summary.incompleteBytes == 0)
                #expect(summary.resynchronizedBytes == 0)
                #expect(summary.linkTypes == ["EN10MB"])
            }
        }
    }
}
