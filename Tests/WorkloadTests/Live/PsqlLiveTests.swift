import Foundation
import Glibc
import LiveTestSupport
import LocalPostgres
import Testing
@testable import Workload

extension LiveWorkloadTests {
    /// psql sessions: each exercises one corner of the protocol that pgbench never touches.
    @Suite struct PsqlLive {
        @Test(.enabled(if: ThrowawayCluster.isIPv6LoopbackAvailable, "this machine has no usable ::1 loopback address"))
        func ipv6LoopbackClientIsRecordedWithBracketedAddress() throws {
            try SharedClusters.with(.ipv6) { cluster in
                let run = try LiveCaptureRun.record(port: cluster.port) {
                    let output = try cluster.run("psql", ["-X", "-At", "-h", "::1", "-c", "SELECT inet_client_addr()"]).check()
                    #expect(output.standardOutput == "::1\n")
                }
                #expect(run.summary.sessions == 1)
                #expect(run.summary.sessionsWithStartup == 1)
                #expect(run.summary.sessionsWithHandshake == 1)
                let start = try #require(run.sessionStarts.first)
                #expect(start.server == "[::1]:\(cluster.port)")
                #expect(start.client.hasPrefix("[::1]:"))
                let clientPort = Int(start.client.dropFirst("[::1]:".count))
                #expect(clientPort.map { (1...65535).contains($0) && $0 != cluster.port } == true)
                #expect(start.user == "postgres")
                #expect(run.requests.map(\.text) == ["SELECT inet_client_addr()"])
                #expect(run.requests.map(\.outcome.commandTags) == [["SELECT 1"]])
            }
        }

        @Test func copyInKeepsTheExactBytesAndCopyOutCountsRows() throws {
            try SharedClusters.with(.plain) { cluster in
                try cluster.psql("DROP TABLE IF EXISTS copy_live; CREATE TABLE copy_live (id int, label text)")
                // Escapes, a NULL and UTF-8, as COPY text format carries them.
                let small = "1\tone\n2\ttab\\there\n3\t\\N\n4\tgrüße ✓\n"
                // Several CopyData messages: psql sends at most 8 KiB in one.
                let large = (5..<2005).map { "\($0)\tlabel number \($0) with some padding text\n" }.joined()
                let psqlBufferSize = 8192
                var copiedOut = ""
                let run = try LiveCaptureRun.record(port: cluster.port) {
                    for data in [small, large] {
                        let output = try cluster.run("psql", ["-X", "-c", "COPY copy_live FROM STDIN"], input: data).check()
                        #expect(output.standardOutput.hasPrefix("COPY "))
                    }
                    copiedOut = try cluster.run("psql", ["-X", "-c", "COPY copy_live TO STDOUT"]).check().standardOutput
                }
                let rowCount = 2004
                #expect(copiedOut == small + large)

                let summary = run.summary
                #expect(summary.sessions == 3)
                #expect(summary.errors == 0)
                #expect(summary.unmatchedReplies == 0)
                #expect(summary.frontend["c"] == 2)
                let largeMessagesAtLeast = (large.utf8.count + psqlBufferSize - 1) / psqlBufferSize
                #expect((summary.frontend["d"] ?? 0) >= 1 + largeMessagesAtLeast)
                #expect((summary.frontend["d"] ?? 0) <= 1 + 2 * largeMessagesAtLeast)
                #expect(summary.backend["G"] == 2)
                #expect(summary.backend["H"] == 1)
                #expect(summary.backend["d"] == rowCount)
                #expect(summary.backend["c"] == 1)
                #expect(summary.commandTags == ["COPY": 3])

                let requests = run.requests.sorted { $0.sentAt < $1.sentAt }
                try #require(requests.count == 3)
                #expect(requests.map(\.text) == ["COPY copy_live FROM STDIN", "COPY copy_live FROM STDIN", "COPY copy_live TO STDOUT"])
                #expect(requests[0].copyData == Array(small.utf8))
                #expect(requests[1].copyData == Array(large.utf8))
                #expect(requests[2].copyData == nil)
                #expect(requests.map(\.copyFail) == [nil, nil, nil])
                #expect(requests.map(\.outcome.commandTags) == [["COPY 4"], ["COPY 2000"], ["COPY \(rowCount)"]])
                #expect(requests.map(\.outcome.rows) == [4, 2000, UInt64(rowCount)])
                #expect(requests.allSatisfy { $0.outcome.transactionStatus == UInt8(ascii: "I") })
            }
        }

        @Test func cancelRequestIsItsOwnSessionAndTheQueryFailsWith57014() throws {
            try SharedClusters.with(.plain) { cluster in
                let query = "SELECT pg_sleep(5)"
                var exitCode: Int32 = 0
                var errorOutput = ""
                let run = try LiveCaptureRun.record(port: cluster.port) {
                    let psql = Process()
                    psql.executableURL = URL(fileURLWithPath: cluster.binDirectory + "/psql")
                    psql.arguments = ["-X", "-c", query]
                    psql.environment = cluster.clientEnvironment
                    psql.standardInput = FileHandle.nullDevice
                    psql.standardOutput = FileHandle.nullDevice
                    let standardError = Pipe()
                    psql.standardError = standardError
                    try launchWithInterruptDeliverable(psql)
                    // Interrupt only once the server runs the query (asked over the Unix socket, not captured).
                    try waitUntilActive(query, on: cluster)
                    psql.interrupt()
                    psql.waitUntilExit()
                    exitCode = psql.terminationStatus
                    errorOutput = String(decoding: standardError.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                }
                #expect(exitCode == 1)
                #expect(errorOutput.contains("canceling statement due to user request"))

                let summary = run.summary
                #expect(summary.frontend["CancelRequest"] == 1)
                #expect(summary.errorSqlstates == ["57014": 1])
                #expect(summary.sessions == 2)
                #expect(summary.sessionsWithStartup == 1)
                #expect(summary.sessionsWithHandshake == 2)
                #expect(summary.decodeErrors.isEmpty)
                let cancelSession = try #require(run.sessionStarts.first { !$0.sawStartup })
                #expect(cancelSession.user == nil)
                #expect(cancelSession.server == "127.0.0.1:\(cluster.port)")
                #expect(run.requests(ofSession: cancelSession.session).isEmpty)
                let request = try #require(run.requests.first)
                #expect(run.requests.count == 1)
                #expect(request.text == query)
                #expect(request.session != cancelSession.session)
                #expect(request.outcome.error?.sqlState == "57014")
                #expect(request.outcome.transactionStatus == UInt8(ascii: "I"))
            }
        }

        @Test func notificationToItsOwnListenerIsCounted() throws {
            try SharedClusters.with(.plain) { cluster in
                var output = ""
                let run = try LiveCaptureRun.record(port: cluster.port) {
                    output = try cluster.run("psql", ["-X", "-c", "LISTEN live_channel", "-c", "NOTIFY live_channel, 'x'"])
                        .check().standardOutput
                }
                #expect(output.contains("Asynchronous notification \"live_channel\" with payload \"x\""))
                #expect(run.summary.backend["A"] == 1)
                #expect(run.summary.errors == 0)
                #expect(run.summary.unmatchedReplies == 0)
                #expect(run.requests.map(\.text) == ["LISTEN live_channel", "NOTIFY live_channel, 'x'"])
                #expect(run.requests.map(\.outcome.commandTags) == [["LISTEN"], ["NOTIFY"]])
                #expect(run.requests.allSatisfy { !$0.flags.contains(.incomplete) })
            }
        }

        @Test func errorInsideATransactionRecordsFailedThenIdleStatus() throws {
            try SharedClusters.with(.plain) { cluster in
                let run = try LiveCaptureRun.record(port: cluster.port) {
                    // Separate -c options: three Query messages; psql goes on after the error.
                    let output = try cluster.run("psql", [
                        "-X", "-c", "BEGIN", "-c", "SELECT nope_column FROM pg_class", "-c", "ROLLBACK",
                    ])
                    #expect(output.standardError.contains("column \"nope_column\" does not exist"))
                }
                #expect(run.summary.errors == 1)
                #expect(run.summary.errorSqlstates == ["42703": 1])
                let requests = run.requests.sorted { $0.sequence < $1.sequence }
                #expect(requests.map(\.text) == ["BEGIN", "SELECT nope_column FROM pg_class", "ROLLBACK"])
                #expect(requests.map(\.outcome.commandTags) == [["BEGIN"], [], ["ROLLBACK"]])
                #expect(requests.map { $0.outcome.error?.sqlState } == [nil, "42703", nil])
                #expect(requests.map { $0.outcome.transactionStatus.map { Character(UnicodeScalar($0)) } } == ["T", "E", "I"])
                #expect(requests.first { $0.outcome.error != nil }?.outcome.error?.message == "column \"nope_column\" does not exist")
            }
        }

        /// Starts `process` so that SIGINT reaches it. A child inherits the signal mask of the thread that
        /// spawns it, Foundation's `Process` does not reset it, and the threads tests run on block SIGINT
        /// (psql would then never see the interrupt). Unblocked only for the spawn, on this thread only.
        private func launchWithInterruptDeliverable(_ process: Process) throws {
            var interrupt = sigset_t()
            sigemptyset(&interrupt)
            sigaddset(&interrupt, SIGINT)
            var previous = sigset_t()
            pthread_sigmask(SIG_UNBLOCK, &interrupt, &previous)
            defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
            try process.run()
        }

        /// Polls pg_stat_activity over the Unix socket (invisible to the capture on `lo`) until `query` runs.
        private func waitUntilActive(_ query: String, on cluster: ThrowawayCluster) throws {
            let probe = "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query = '\(query)'"
            for _ in 0..<100 {
                let output = try cluster.run("psql", ["-X", "-At", "-c", probe],
                                             environment: ["PGHOST": cluster.socketDirectory]).check()
                if output.standardOutput == "1\n" { return }
                Thread.sleep(forTimeInterval: 0.05)
            }
            throw LiveTestFailure("\(query) did not start within 5 s")
        }
    }
}
