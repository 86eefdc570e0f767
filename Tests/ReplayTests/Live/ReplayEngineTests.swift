import RunFile
import Foundation
import LiveTestSupport
import LocalPostgres
import TestSupport
import Testing
import Workload
@testable import Replay

/// The engine against real servers, on workloads built for the purpose.
@Suite(.serialized) struct ReplayEngineTests {
    /// A thousand sessions sleep at the same time on two threads: all of them are in flight at once.
    /// (They connect during the first second; forking a thousand backends takes this machine a few seconds,
    /// so the sleeps are due at six.)
    @Test func aThousandConcurrentSessions() throws {
        let cluster = try ThrowawayCluster.start(options: ClusterOptions(settings: ["max_connections": "1100"]))
        defer { cluster.stop() }
        let directory = try TemporaryDirectory()
        let start = SyntheticWorkload.epoch
        let sessions = (UInt32(1)...1000).map { number in
            let sentAt = start + 6_000_000_000
            let request = Request(session: number, sequence: 1, kind: .query, sentAt: sentAt,
                                  completedAt: sentAt + 2_000_000_000, text: "SELECT pg_sleep(2)",
                                  outcome: Outcome(commandTags: ["SELECT 1"], rows: 1, dataRows: 1,
                                                   transactionStatus: UInt8(ascii: "I")))
            return SyntheticWorkload.session(number, startedAt: start + Int64(number) * 1_000_000, database: "postgres",
                                             requests: [request])
        }
        let workload = try SyntheticWorkload.write(sessions, into: directory, name: "thousand.pgw")
        let (summary, run) = try ReplayHarness.replay(workload, target: cluster.connectionString(), into: directory) {
            $0.speed = .factor(1)
            $0.threads = 2
        }
        #expect(summary.requests == 1000)
        #expect(summary.threads == 2)
        #expect(summary.text().contains("speed 1, 2 threads)"))
        #expect(summary.errors == 0, "\(summary.errorSqlstates)")
        #expect(summary.outcomeMismatches == 0)
        let outcomes = try ReplayHarness.readRun(run).outcomes
        let lastSent = try #require(outcomes.compactMap(\.sentAt).max())
        let firstDone = try #require(outcomes.compactMap(\.completedAt).min())
        #expect(lastSent < firstDone, "not all 1000 requests were in flight at once; \(summary.text())")
    }

    /// A session whose answers come later than production's falls behind its schedule: the send lag
    /// grows with every request, but the replayer itself is not late (each request goes out as soon as
    /// the answer before it is in), and the summary tells the two apart.
    @Test func aSlowTargetIsSendLagButNotTheReplayersOwn() throws {
        let cluster = try ThrowawayCluster.start()
        defer { cluster.stop() }
        let directory = try TemporaryDirectory()
        let start = SyntheticWorkload.epoch
        // Production answered each in 0.5 ms and sent the next 1 ms later; the replay's take 50 ms.
        let requests = (UInt32(1)...10).map { sequence in
            let sentAt = start + 100_000_000 + Int64(sequence) * 1_000_000
            return Request(session: 1, sequence: sequence, kind: .query, sentAt: sentAt, completedAt: sentAt + 500_000,
                           text: "SELECT pg_sleep(0.05)",
                           outcome: Outcome(commandTags: ["SELECT 1"], rows: 1, dataRows: 1, transactionStatus: UInt8(ascii: "I")))
        }
        let workload = try SyntheticWorkload.write([SyntheticWorkload.session(1, startedAt: start, database: "postgres", requests: requests)],
                                                   into: directory, name: "slow.pgw")
        let (summary, _) = try ReplayHarness.replay(workload, target: cluster.connectionString(), into: directory) {
            $0.speed = .factor(1)
        }
        #expect(summary.requests == 10)
        #expect(summary.errors == 0)
        // The tenth request waited for nine answers of 50 ms each, less the 9 ms production took.
        #expect(summary.sendLagMaxMs > 400, "\(summary.text())")
        #expect(summary.replayerLagP99Ms < summary.sendLagP99Ms / 10, "\(summary.text())")
        #expect(summary.replayerLagP99Ms < 40, "\(summary.text())")
        #expect(summary.text().contains("mostly sessions waiting for answers"), "\(summary.text())")
    }

    /// Ctrl-C ends sessions that wait for a request due much later (or for their connection) at once,
    /// not when that request falls due: a paced replay of a long capture stops when asked.
    @Test func aStopEndsSessionsWaitingForLaterRequests() throws {
        let cluster = try ThrowawayCluster.start()
        defer { cluster.stop() }
        let directory = try TemporaryDirectory()
        let start = SyntheticWorkload.epoch
        func select(_ session: UInt32, _ sequence: UInt32, at offset: Int64) -> Request {
            Request(session: session, sequence: sequence, kind: .query, sentAt: start + offset, completedAt: start + offset + 1_000_000,
                    text: "SELECT 1", outcome: Outcome(commandTags: ["SELECT 1"], rows: 1, dataRows: 1,
                                                       transactionStatus: UInt8(ascii: "I")))
        }
        // Sessions 1-3 run a request at once and their next one in ten minutes; session 4 connects in ten.
        var sessions = (UInt32(1)...3).map { number in
            SyntheticWorkload.session(number, startedAt: start, database: "postgres",
                                      requests: [select(number, 1, at: 100_000_000), select(number, 2, at: 600_000_000_000)])
        }
        sessions.append(SyntheticWorkload.session(4, startedAt: start + 600_000_000_000, database: "postgres",
                                                  requests: [select(4, 1, at: 600_100_000_000)]))
        let workload = try SyntheticWorkload.write(sessions, into: directory, name: "idle.pgw")
        var options = ReplayOptions(workloadPath: workload, target: cluster.connectionString(), output: directory.path("idle.pgr"))
        options.speed = .factor(1)
        let replayer = try Replayer(options: options)
        let summary = try ReplayHarness.runStopped(replayer, after: 1, deadline: 20)
        #expect(summary.interrupted)
        #expect(summary.requests == 3)
        #expect(summary.errors == 0)
        #expect(try ReplayHarness.readRun(directory.path("idle.pgr")).trailer?.interrupted == true)
    }

    /// Pipelined requests go out in libpq pipeline mode (a capture of the replay shows them pipelined
    /// again), COPY TO STDOUT is consumed and checksummed, a named statement is prepared once and reused.
    @Test(.enabled(if: LiveCaptureProbe.isAvailable, "live capture on lo needs root or CAP_NET_RAW"))
    func pipelinesAndCopyOut() throws {
        let cluster = try ThrowawayCluster.start()
        defer { cluster.stop() }
        let directory = try TemporaryDirectory()
        let t0 = SyntheticWorkload.epoch + 100_000_000
        var requests: [Request] = []
        func add(_ kind: RequestKind, _ text: String, name: String = "", parameters: [[UInt8]?] = [],
                 tags: [String], rows: UInt64, data: UInt64 = 0, status: UInt8? = UInt8(ascii: "I"),
                 flags: RequestFlags = []) {
            let sequence = UInt32(requests.count + 1)
            requests.append(Request(session: 1, sequence: sequence, kind: kind, sentAt: t0 + Int64(sequence) * 1_000_000,
                                    completedAt: t0 + Int64(sequence) * 1_000_000 + 500_000, text: text,
                                    statementName: name, parameterTypeOIDs: parameters.isEmpty ? [] : [23],
                                    parameters: parameters, outcome: Outcome(commandTags: tags, rows: rows, dataRows: data,
                                                                             transactionStatus: status), flags: flags))
        }
        add(.prepare, "SELECT $1::int * 2", name: "double", tags: [], rows: 0)
        for value in 1...4 {
            add(.execute, "SELECT $1::int * 2", name: "double", parameters: [Array("\(value)".utf8)], tags: ["SELECT 1"],
                rows: 1, data: 1, status: value == 4 ? UInt8(ascii: "I") : nil, flags: value == 1 ? [] : .pipelined)
        }
        add(.query, "COPY (SELECT g, 'row ' || g FROM generate_series(1, 100) g) TO STDOUT", tags: ["COPY 100"],
            rows: 100, data: 0)
        let workload = try SyntheticWorkload.write([SyntheticWorkload.session(1, startedAt: t0, database: "postgres",
                                                                              requests: requests)],
                                                   into: directory, name: "pipeline.pgw")
        var result: (summary: ReplaySummary, run: String)?
        let capture = try LiveCaptureRun.record(port: cluster.port) {
            result = try ReplayHarness.replay(workload, target: cluster.connectionString(), into: directory)
        }
        let (summary, run) = try #require(result)
        #expect(summary.requests == requests.count)
        #expect(summary.errors == 0, "\(summary.errorSqlstates)")
        #expect(summary.outcomeMismatches == 0, "\(summary.mismatchedFingerprints)")
        let outcomes = try ReplayHarness.readRun(run).outcomes
        let copy = try #require(outcomes.first { $0.sequence == 6 })
        #expect(copy.dataRows == 100)
        #expect(copy.rows == 100)
        #expect(copy.orderedChecksum != 0)

        // What the server saw: one named Parse, four Executes of it, three of them pipelined.
        let replayed = capture.requests.filter { $0.text?.contains("* 2") == true }
        #expect(replayed.filter { $0.kind == .prepare && $0.statementName == "double" }.count == 1)
        let executes = replayed.filter { $0.kind == .execute }
        #expect(executes.count == 4)
        #expect(executes.allSatisfy { $0.statementName == "double" })
        #expect(executes.filter { $0.flags.contains(.pipelined) }.count == 3)
    }

    /// One Sync group of three pipelined INSERTs whose second fails: the server skips the third and rolls
    /// back the first, in production and in the replay alike.
    @Test func aPipelineKeepsItsSyncGroups() throws {
        let cluster = try ThrowawayCluster.start()
        defer { cluster.stop() }
        _ = try cluster.psql("CREATE TABLE t (a int PRIMARY KEY); INSERT INTO t VALUES (1)")
        let directory = try TemporaryDirectory()
        let t0 = SyntheticWorkload.epoch + 100_000_000
        let duplicate = ErrorInfo(fields: [ErrorField(code: UInt8(ascii: "C"), value: "23505")])
        let outcomes: [(String, Outcome, RequestFlags)] = [
            ("2", Outcome(commandTags: ["INSERT 0 1"], rows: 1, transactionStatus: UInt8(ascii: "I")), []),
            ("1", Outcome(error: duplicate, transactionStatus: UInt8(ascii: "I")), .pipelined),
            ("3", Outcome(transactionStatus: UInt8(ascii: "I")), [.pipelined, .notExecuted, .endsSyncGroup]),
        ]
        let requests = outcomes.enumerated().map { index, entry in
            Request(session: 1, sequence: UInt32(index + 1), kind: .execute, sentAt: t0 + Int64(index) * 1_000,
                    completedAt: t0 + 1_000_000, text: "INSERT INTO t VALUES ($1)", parameterTypeOIDs: [23],
                    parameters: [Array(entry.0.utf8)], outcome: entry.1, flags: entry.2)
        }
        let workload = try SyntheticWorkload.write([SyntheticWorkload.session(1, startedAt: t0, database: "postgres",
                                                                              requests: requests)],
                                                   into: directory, name: "sync.pgw")
        let (summary, _) = try ReplayHarness.replay(workload, target: cluster.connectionString(), into: directory)
        #expect(summary.outcomeMismatches == 0, "\(summary.mismatchedFingerprints)")
        #expect(summary.errorSqlstates == ["23505": 1])
        #expect(try cluster.psql("SELECT string_agg(a::text, ',' ORDER BY a) FROM t")
            .trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    @Test func anUnreachableTargetIsOneClearLine() throws {
        let directory = try TemporaryDirectory()
        let workload = try ReplayHarness.importShared("pgbench_select_only.pcap", into: directory)
        var options = ReplayOptions(workloadPath: workload, target: "host=127.0.0.1 port=1 connect_timeout=3",
                                    output: directory.path("never.pgr"))
        options.speed = .max
        #expect {
            _ = try Replayer(options: options)
        } throws: { error in
            guard case ReplayError.cannotConnect = error else { return false }
            let text = "\(error)"
            return !text.contains("\n") && text.contains("127.0.0.1") && text.contains("refused")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path("never.pgr")))
    }

    @Test func aWrongPasswordIsOneClearLine() throws {
        let cluster = try ThrowawayCluster.start(options: ClusterOptions(superuserPassword: "right-password"))
        defer { cluster.stop() }
        let directory = try TemporaryDirectory()
        let workload = try ReplayHarness.importShared("pgbench_select_only.pcap", into: directory)
        let options = ReplayOptions(workloadPath: workload, target: cluster.connectionString(password: "wrong-password"),
                                    output: directory.path("never.pgr"))
        #expect {
            _ = try Replayer(options: options)
        } throws: { error in
            let text = "\(error)"
            return !text.contains("\n") && text.contains("password authentication failed") && !text.contains("wrong-password")
        }
    }

    /// Two shards replay disjoint halves of the sessions; their run files merge into the whole run.
    @Test func shardsMergeIntoTheWholeRun() throws {
        let cluster = try ThrowawayCluster.start()
        defer { cluster.stop() }
        let directory = try TemporaryDirectory()
        let workload = try ReplayHarness.importShared("pgbench_simple.pcap", into: directory)
        let requests = try ReplayHarness.requests(workload)
        var runs: [String] = []
        var sessionsByShard: [Set<UInt32>] = []
        for k in UInt32(0)..<2 {
            try cluster.createPgbenchDatabase("bench_\(k)")
            let (_, run) = try ReplayHarness.replay(workload, target: cluster.connectionString(database: "bench_\(k)"),
                                                    into: directory, name: "shard\(k).pgr") {
                $0.shard = ShardSelection(index: k, count: 2)!
            }
            let read = try ReplayHarness.readRun(run)
            #expect(read.header.shardIndex == k && read.header.shardCount == 2)
            sessionsByShard.append(Set(read.outcomes.map(\.session)))
            runs.append(run)
        }
        #expect(sessionsByShard[0].isDisjoint(with: sessionsByShard[1]))
        #expect(!sessionsByShard[0].isEmpty && !sessionsByShard[1].isEmpty)
        let merged = directory.path("merged.pgr")
        _ = try RunMerger.merge(runs, into: merged)
        let all = try ReplayHarness.readRun(merged)
        #expect(all.outcomes.count == requests.count)
        #expect(Set(all.outcomes.map { "\($0.session)/\($0.sequence)" }) == Set(requests.map { "\($0.session)/\($0.sequence)" }))
        #expect(all.outcomes.allSatisfy { $0.productionMismatch.isEmpty })
        // The merged run carries the statement texts of both shards' outcomes.
        #expect(Set(all.statements.keys) == Set(all.outcomes.compactMap(\.fingerprint)))
        #expect(all.captureSummaryJSON != nil)
    }

    /// A time window replays only the requests sent inside it.
    @Test func aTimeWindowReplaysOnlyItsRequests() throws {
        let cluster = try ThrowawayCluster.start()
        defer { cluster.stop() }
        try cluster.createPgbenchDatabase("bench")
        let directory = try TemporaryDirectory()
        let workload = try ReplayHarness.importShared("pgbench_select_only.pcap", into: directory)
        let plan = try ReplayPlan.build(workloadPath: workload)
        let requests = try ReplayHarness.requests(workload)
        let from = 0.1, to = 0.3
        let first = try #require(plan.trailer?.firstTimestamp)
        let inside = requests.filter {
            $0.sentAt >= first + Int64(from * 1e9) && $0.sentAt < first + Int64(to * 1e9)
        }
        let (summary, _) = try ReplayHarness.replay(workload, target: cluster.connectionString(database: "bench"),
                                                    into: directory) {
            $0.window = TimeWindow(from: .offset(from), to: .offset(to))
        }
        #expect(inside.count > 0 && inside.count < requests.count)
        #expect(summary.requests + summary.skipped.values.reduce(0, +) == inside.count)
    }
}
