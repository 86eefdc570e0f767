import Foundation
import LiveTestSupport
import LocalPostgres
import Testing
@testable import Workload

extension LiveWorkloadTests {
    /// pgbench's built-in TPC-B-like transaction, recorded while it runs.
    @Suite struct PgbenchLive {
        /// One TPC-B-like transaction, statement by statement: the command of its tag and the transaction
        /// status after it.
        static let transaction: [(command: String, status: Character)] = [
            ("BEGIN", "T"), ("UPDATE", "T"), ("SELECT", "T"), ("UPDATE", "T"), ("UPDATE", "T"), ("INSERT", "T"), ("COMMIT", "I"),
        ]
        static let clients = 2
        static let transactionsPerClient = 200
        /// With `-n` pgbench's first connection only reads the scale (`count(*)` of pgbench_branches) and
        /// whether pgbench_accounts is partitioned: two simple queries, both SELECTs.
        static let setupQueries = 2

        @Test(arguments: ["prepared", "simple"])
        func recordsExactlyTheStatementsPgbenchRan(protocolMode: String) throws {
            try SharedClusters.with(.plain) { cluster in
                let database = "bench_\(protocolMode)"
                try cluster.createDatabase(database)
                try cluster.pgbenchInit(database: database, scale: 1)

                var pgbenchOutput = ""
                let run = try LiveCaptureRun.record(port: cluster.port) {
                    pgbenchOutput = try cluster.run("pgbench", [
                        "-n", "-c", String(Self.clients), "-j", "1", "-t", String(Self.transactionsPerClient),
                        "-M", protocolMode, database,
                    ]).check().standardOutput
                }
                let transactions = Self.clients * Self.transactionsPerClient
                #expect(pgbenchOutput.contains("number of transactions actually processed: \(transactions)/\(transactions)"))
                let statementsPerClient = Self.transactionsPerClient * Self.transaction.count
                let statements = Self.clients * statementsPerClient
                let prepared = protocolMode == "prepared"

                // Nothing lost, nothing left over.
                let summary = run.summary
                #expect(summary.packetsDropped == 0)
                #expect(summary.gapBytes == 0)
                #expect(summary.resynchronizedBytes == 0)
                #expect(summary.incompleteBytes == 0)
                #expect(summary.unmatchedReplies == 0)
                #expect(summary.decodeErrors.isEmpty)
                #expect(summary.errors == 0)
                #expect(summary.linkTypes == ["EN10MB"])
                #expect(summary.sessions == Self.clients + 1)
                #expect(summary.sessionsWithStartup == Self.clients + 1)
                #expect(summary.sessionsWithHandshake == Self.clients + 1)

                // Exactly the statements pgbench ran.
                #expect(summary.frontend["E"] == (prepared ? statements : nil))
                #expect(summary.frontend["P"] == (prepared ? Self.clients * Self.transaction.count : nil))
                #expect(summary.frontend["Q"] == (prepared ? 0 : statements) + Self.setupQueries)
                #expect(summary.queries == statements + Self.setupQueries)
                var expectedTags: [String: Int] = [:]
                for step in Self.transaction { expectedTags[step.command, default: 0] += transactions }
                expectedTags["SELECT", default: 0] += Self.setupQueries
                #expect(summary.commandTags == expectedTags)
                #expect(summary.requests == run.requests.count)

                // Session by session, in order, each with the outcome production gave it.
                let sessions = Dictionary(grouping: run.requests, by: \.session)
                let benchmarkSessions = sessions.values.filter { $0.count > Self.setupQueries }
                #expect(benchmarkSessions.count == Self.clients)
                let setup = try #require(sessions.values.first { $0.count == Self.setupQueries })
                let setupInOrder = setup.sorted { $0.sequence < $1.sequence }
                #expect(setupInOrder.map(\.kind) == [.query, .query])
                #expect(setupInOrder.first?.text == "select count(*) from pgbench_branches")

                let expectedCommands = Array(repeating: Self.transaction.map(\.command), count: Self.transactionsPerClient).flatMap { $0 }
                let expectedStatuses = Array(repeating: Self.transaction.map(\.status), count: Self.transactionsPerClient).flatMap { $0 }
                for session in benchmarkSessions {
                    let requests = session.sorted { $0.sequence < $1.sequence }
                    let executed = requests.filter { $0.kind != .prepare }
                    #expect(executed.count == statementsPerClient)
                    #expect(executed.allSatisfy { $0.kind == (prepared ? .execute : .query) })
                    #expect(executed.map { $0.outcome.commandTags.map(ImportSummary.command(ofTag:)).joined() } == expectedCommands)
                    #expect(executed.map { $0.outcome.transactionStatus.map { Character(UnicodeScalar($0)) } } == expectedStatuses)
                    #expect(requests.allSatisfy { $0.outcome.error == nil && $0.flags.isDisjoint(with: [.incomplete, .notExecuted]) })
                    #expect(requests.allSatisfy { ($0.completedAt ?? 0) >= $0.sentAt && $0.firstReplyAt != nil })
                    #expect(executed.allSatisfy { !$0.flags.contains(.pipelined) })
                    if prepared {
                        // One named statement per script line, prepared once per connection.
                        let prepares = requests.filter { $0.kind == .prepare }
                        #expect(prepares.count == Self.transaction.count)
                        #expect(Set(prepares.map(\.statementName)).count == Self.transaction.count)
                        #expect(Set(executed.map(\.statementName)) == Set(prepares.map(\.statementName)))
                        #expect(executed.allSatisfy { $0.text != nil && !$0.flags.contains(.statementPreparedBeforeCapture) })
                        let accountUpdates = executed.filter { $0.text?.hasPrefix("UPDATE pgbench_accounts") == true }
                        #expect(accountUpdates.count == Self.transactionsPerClient)
                        #expect(accountUpdates.allSatisfy { $0.parameters.count == 2 && $0.parameters.allSatisfy { $0 != nil } })
                    }
                }
            }
        }
    }
}
