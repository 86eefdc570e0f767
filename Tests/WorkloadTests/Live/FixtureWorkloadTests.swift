import Foundation
import LiveTestSupport
import LocalPostgres
import Testing
import Workload

extension LiveWorkloadTests {
    /// The recorded fixtures the replay tests build on hold what they promise; a replay test that trusts a
    /// fixture would otherwise test nothing.
    @Suite struct FixtureWorkloads {
        // MARK: - ApplicationWorkload

        @Test func applicationSessionsAreTheFourJobsInOrderAndTheFileReadsBack() throws {
            let app = try ApplicationWorkload.recorded()
            let recording = app.recording
            #expect(app.database == "appdb")
            #expect(recording.sessionStarts.map(\.applicationName)
                    == ["fixture-prepared", "fixture-duplicate", "fixture-batch", "fixture-names"])
            #expect(recording.sessionStarts.allSatisfy { $0.sawStartup && $0.database == "appdb" && $0.user == "postgres" })
            #expect(recording.sessionStarts.allSatisfy { $0.server == "127.0.0.1:\(app.cluster.port)" })
            #expect(recording.sessionEnds.count == 4)
            #expect(recording.summary.errorSqlstates == ["23505": 1])
            #expect(recording.summary.requests == app.requests.count)
            #expect(try LiveCaptureRun.readRecords(app.workloadPath) == recording.records)
            let permissions = try FileManager.default.attributesOfItem(atPath: app.workloadPath)[.posixPermissions] as? Int
            #expect(permissions == 0o600)
        }

        @Test func applicationPreparesNamedStatementsWithBinaryParametersAndResults() throws {
            let app = try ApplicationWorkload.recorded()
            let session = try #require(app.recording.sessionStarts.first { $0.applicationName == "fixture-prepared" })
            let requests = app.recording.requests(ofSession: session.session)
            let prepares = requests.filter { $0.kind == .prepare }
            let executes = requests.filter { $0.kind == .execute }
            #expect(requests.count == prepares.count + executes.count)

            // psycopg with prepare_threshold=0: one Parse `_pg3_N` per statement, in its own Sync group.
            #expect(prepares.map(\.statementName) == ["_pg3_0", "_pg3_1", "_pg3_2"])
            #expect(prepares.map(\.text) == [
                "SELECT id, email, balance FROM customers WHERE id = $1",
                "UPDATE customers SET balance = balance + $1 WHERE id = $2",
                "INSERT INTO orders (customer_id, amount, note) VALUES ($1, $2, $3) RETURNING id",
            ])
            #expect(executes.map(\.statementName)
                    == Array(repeating: "_pg3_0", count: 10) + Array(repeating: "_pg3_1", count: 5) + ["_pg3_2"])
            for execute in executes {
                #expect(execute.text == prepares.first { $0.statementName == execute.statementName }?.text)
                #expect(!execute.parameters.isEmpty)
                #expect(execute.parameterFormats == Array(repeating: 1, count: execute.parameters.count))
                #expect(execute.resultFormats == [1])
                #expect(execute.outcome.error == nil)
            }
            // `%b` with a Python int: a binary int2, big-endian.
            #expect(executes.prefix(10).map(\.parameters) == (1...10).map { [[0, UInt8($0)]] })
            #expect(executes.prefix(10).map(\.outcome.dataRows) == Array(repeating: 1, count: 10))
            #expect(executes.dropFirst(10).prefix(5).map(\.outcome.commandTags) == Array(repeating: ["UPDATE 1"], count: 5))
            #expect(executes.last?.outcome.commandTags == ["INSERT 0 1"])
        }

        @Test func applicationUniqueViolationIsFollowedByItsRollback() throws {
            let app = try ApplicationWorkload.recorded()
            let session = try #require(app.recording.sessionStarts.first { $0.applicationName == "fixture-duplicate" })
            let requests = app.recording.requests(ofSession: session.session)
            #expect(requests.map(\.text) == [
                "BEGIN",
                "INSERT INTO orders (customer_id, amount, note) VALUES ($1, $2, $3)",
                "INSERT INTO customers (email, balance) VALUES ($1, $2)",
                "ROLLBACK",
            ])
            #expect(requests.map { $0.outcome.error?.sqlState } == [nil, nil, "23505", nil])
            #expect(requests.map { $0.outcome.transactionStatus.map { Character(UnicodeScalar($0)) } } == ["T", "T", "E", "I"])
            #expect(requests.map(\.outcome.commandTags) == [["BEGIN"], ["INSERT 0 1"], [], ["ROLLBACK"]])
            let error = try #require(requests[2].outcome.error)
            #expect(error.value(for: UInt8(ascii: "n")) == "customers_email_key")
            #expect(error.detail == "Key (email)=(customer7@example.com) already exists.")
        }

        @Test func applicationCopyKeepsTheRowsTheClientSent() throws {
            let app = try ApplicationWorkload.recorded()
            let copies = app.requests.filter { $0.copyData != nil }
            try #require(copies.count == 1)
            let copy = copies[0]
            #expect(copy.text == "COPY orders (customer_id, amount, note) FROM STDIN")
            // The rows the script writes: customer i % 50 + 1, amount i + 0.25, note "bulk order i".
            let rows = (1...40).map { "\($0 % 50 + 1)\t\($0).25\tbulk order \($0)\n" }.joined()
            #expect(copy.copyData == Array(rows.utf8))
            #expect(copy.copyFail == nil)
            #expect(copy.outcome.commandTags == ["COPY 40"])
            #expect(copy.outcome.rows == 40)
            #expect(copy.outcome.transactionStatus == UInt8(ascii: "T"))
        }

        @Test func applicationServerSideCursorIsDeclaredFetchedAndClosedInOneTransaction() throws {
            let app = try ApplicationWorkload.recorded()
            let session = try #require(app.recording.sessionStarts.first { $0.applicationName == "fixture-batch" })
            let requests = app.recording.requests(ofSession: session.session)
            let declare = try #require(requests.firstIndex { $0.text?.hasPrefix("DECLARE \"order_report\" CURSOR FOR SELECT") == true })
            let cursor = Array(requests[(declare - 1)...])
            #expect(cursor.map(\.text) == ["BEGIN", requests[declare].text]
                    + Array(repeating: "FETCH FORWARD 15 FROM \"order_report\"", count: 4)
                    + ["CLOSE \"order_report\"", "COMMIT"])
            #expect(cursor.map(\.outcome.commandTags) == [
                ["BEGIN"], ["DECLARE CURSOR"], ["FETCH 15"], ["FETCH 15"], ["FETCH 2"], ["FETCH 0"], ["CLOSE CURSOR"], ["COMMIT"],
            ])
            #expect(cursor.dropLast().allSatisfy { $0.outcome.transactionStatus == UInt8(ascii: "T") })
            #expect(cursor.last?.outcome.transactionStatus == UInt8(ascii: "I"))
            #expect(requests[declare].parameters == [Array("10".utf8)])
        }

        @Test func applicationRenamedColumnUsersAreExactlyTheRequestsThatNameIt() throws {
            let app = try ApplicationWorkload.recorded()
            let users = app.requestsUsingRenamedColumn
            #expect(users.map(\.text) == [
                "SELECT full_name FROM customers WHERE id = $1",
                "UPDATE customers SET full_name = upper(full_name) WHERE id = $1",
                "SELECT count(*) FROM customers WHERE full_name LIKE 'Customer 1%'",
            ])
            #expect(users.map(\.kind) == [.execute, .execute, .query])
            // Autocommit and unnamed: on a renamed copy each fails alone, with nothing prepared to go missing.
            #expect(users.allSatisfy { $0.statementName.isEmpty && $0.outcome.error == nil })
            #expect(users.allSatisfy { $0.outcome.transactionStatus == UInt8(ascii: "I") })
            #expect(app.fingerprintsUsingRenamedColumn.count == 3)
            #expect(Set(users.compactMap(\.fingerprint)) == app.fingerprintsUsingRenamedColumn)
            let others = app.requests.filter { request in !users.contains { $0.session == request.session && $0.sequence == request.sequence } }
            #expect(others.allSatisfy { $0.fingerprint.map { !app.fingerprintsUsingRenamedColumn.contains($0) } ?? true })
        }

        /// On a renamed copy, every statement of the workload that PREPARE accepts fails with 42703 exactly
        /// when it names the column, and the copy starts from the application's first state.
        @Test func applicationCopiesStartFromTheSchemaAndTheRenameBreaksExactlyTheUsers() throws {
            let app = try ApplicationWorkload.recorded()
            let copy = "fixture_check_copy", renamed = "fixture_check_renamed"
            try app.createCopy(named: copy)
            try app.createRenamedCopy(named: renamed)
            defer {
                _ = try? app.cluster.psql("DROP DATABASE \(copy); DROP DATABASE \(renamed)")
            }
            #expect(try app.cluster.psql("SELECT count(*), sum(balance) FROM customers", database: copy) == "50|12750.00")
            #expect(try app.cluster.psql("SELECT count(*) FROM orders", database: copy) == "0")
            #expect(try app.cluster.psql("SELECT column_name FROM information_schema.columns WHERE table_name = 'customers' ORDER BY ordinal_position",
                                         database: renamed) == "id\nemail\ndisplay_name\nbalance")

            let preparable = Set(app.requests.compactMap(\.text).filter { text in
                ["SELECT", "INSERT", "UPDATE"].contains { text.hasPrefix($0 + " ") }
            })
            #expect(preparable.count == 10)
            for text in preparable.sorted() {
                let output = try app.cluster.run("psql", ["-X", "-q", "-d", renamed, "-v", "VERBOSITY=sqlstate"],
                                                 input: "PREPARE s AS \(text);\n")
                let failedWith42703 = output.standardError.contains("42703")
                #expect(failedWith42703 == text.contains(ApplicationWorkload.renamedColumn), "\(text): \(output.standardError)")
                #expect(failedWith42703 || output.standardError.isEmpty, "\(text): \(output.standardError)")
            }
        }

        // MARK: - ContendedTPCBWorkload

        @Test func contendedTPCBHoldsSevenStatementsPerTransactionInEightConcurrentSessions() throws {
            let bench = try ContendedTPCBWorkload.recorded()
            let recording = bench.recording
            #expect(bench.database == "bench")
            #expect(bench.transactions > 100)
            #expect(recording.summary.sessions == ContendedTPCBWorkload.clients + 1)
            #expect(recording.sessionStarts.count == ContendedTPCBWorkload.clients + 1)
            #expect(recording.sessionStarts.allSatisfy { $0.sawStartup && $0.database == "bench" })
            #expect(recording.summary.errors == 0)
            #expect(try LiveCaptureRun.readRecords(bench.workloadPath) == recording.records)

            let sessions = Dictionary(grouping: bench.requests, by: \.session)
            let setup = sessions.values.filter { $0.count == ContendedTPCBWorkload.setupQueries }
            #expect(setup.count == 1)
            #expect(setup.first?.min { $0.sequence < $1.sequence }?.text == "select count(*) from pgbench_branches")
            let clients = sessions.values.filter { $0.count > ContendedTPCBWorkload.setupQueries }
            #expect(clients.count == ContendedTPCBWorkload.clients)

            let transaction = ["BEGIN", "UPDATE", "SELECT", "UPDATE", "UPDATE", "INSERT", "COMMIT"]
            #expect(transaction.count == ContendedTPCBWorkload.statementsPerTransaction)
            var statements = 0
            for client in clients {
                let requests = client.sorted { $0.sequence < $1.sequence }
                #expect(requests.count % transaction.count == 0)
                let commands = requests.map { $0.outcome.commandTags.map(ImportSummary.command(ofTag:)).joined() }
                #expect(commands == Array(repeating: transaction, count: requests.count / transaction.count).flatMap { $0 })
                #expect(requests.allSatisfy { $0.kind == .query && $0.outcome.error == nil })
                statements += requests.count
            }
            #expect(statements == bench.transactions * ContendedTPCBWorkload.statementsPerTransaction)
            let branchUpdates = bench.requests.filter { $0.text?.hasPrefix("UPDATE pgbench_branches") == true }
            #expect(branchUpdates.count == bench.transactions)

            // Contended: the eight clients ran at the same time, not one after another.
            let firstSent = clients.map { $0.map(\.sentAt).min() ?? 0 }
            let lastCompleted = clients.map { $0.compactMap(\.completedAt).max() ?? 0 }
            let lastClientStarted = try #require(firstSent.max())
            let firstClientDone = try #require(lastCompleted.min())
            #expect(lastClientStarted < firstClientDone)
        }

        // MARK: - SelectOnlyWorkload

        @Test func selectOnlyExecutesOnePreparedStatementPerTransaction() throws {
            let bench = try SelectOnlyWorkload.recorded()
            let recording = bench.recording
            #expect(bench.transactions > 100)
            #expect(recording.sessionStarts.count == SelectOnlyWorkload.clients + 1)
            #expect(recording.summary.errors == 0)
            let clients = Dictionary(grouping: bench.requests, by: \.session).values
                .filter { $0.count > SelectOnlyWorkload.setupQueries }
            #expect(clients.count == SelectOnlyWorkload.clients)
            var executes = 0
            for client in clients {
                let prepares = client.filter { $0.kind == .prepare }
                let executed = client.filter { $0.kind == .execute }
                #expect(prepares.count == 1)
                #expect(executed.count + prepares.count == client.count)
                #expect(executed.allSatisfy { $0.statementName == prepares.first?.statementName && !$0.statementName.isEmpty })
                #expect(executed.allSatisfy { $0.text == "SELECT abalance FROM pgbench_accounts WHERE aid = $1;" })
                #expect(executed.allSatisfy { $0.parameters.count == 1 && $0.outcome.commandTags == ["SELECT 1"] })
                executes += executed.count
            }
            #expect(executes == bench.transactions * SelectOnlyWorkload.statementsPerTransaction)
        }
    }
}
