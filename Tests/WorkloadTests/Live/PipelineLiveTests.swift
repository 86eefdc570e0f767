import TestSupport
import Foundation
import LiveTestSupport
import LocalPostgres
import Testing
@testable import Workload

extension LiveWorkloadTests {
    /// pgbench's `\startpipeline` … `\endpipeline`: extended-protocol requests sent without waiting.
    @Suite struct PipelineLive {
        static let statements = ["SELECT 1 AS first", "SELECT 2 AS second", "SELECT 3 AS third"]
        static let transactions = 20

        @Test(arguments: ["extended", "prepared"])
        func pipelinedRequestsAreFlaggedAndAllAnswered(protocolMode: String) throws {
            try SharedClusters.with(.plain) { cluster in
                let files = try TemporaryDirectory()
                let script = files.path("pipeline.sql")
                let lines = ["\\startpipeline"] + Self.statements.map { $0 + ";" } + ["\\endpipeline"]
                try (lines.joined(separator: "\n") + "\n").write(toFile: script, atomically: true, encoding: .utf8)

                var output = ""
                let run = try LiveCaptureRun.record(port: cluster.port) {
                    output = try cluster.run("pgbench", [
                        "-n", "-c", "1", "-t", String(Self.transactions), "-M", protocolMode, "-f", script, "postgres",
                    ]).check().standardOutput
                }
                #expect(output.contains("number of transactions actually processed: \(Self.transactions)/\(Self.transactions)"))

                let summary = run.summary
                let executes = Self.transactions * Self.statements.count
                #expect(summary.frontend["E"] == executes)
                // Extended: one Sync per pipeline; prepared adds one per PQprepare.
                let prepares = protocolMode == "prepared" ? Self.statements.count : 0
                #expect(summary.frontend["S"] == Self.transactions + prepares)
                #expect(summary.errors == 0)
                #expect(summary.unmatchedReplies == 0)
                #expect(summary.decodeErrors.isEmpty)
                #expect(summary.gapBytes == 0)
                #expect(summary.commandTags == ["SELECT": executes])
                #expect(run.requests.filter { $0.kind == .prepare }.count == prepares)

                let requests = run.requests.filter { $0.kind == .execute }.sorted { $0.sequence < $1.sequence }
                try #require(requests.count == executes)
                #expect(Set(requests.map(\.session)).count == 1)
                for (index, request) in requests.enumerated() {
                    let position = index % Self.statements.count
                    #expect(request.text == Self.statements[position] + ";")
                    #expect(request.outcome.commandTags == ["SELECT 1"] && request.outcome.dataRows == 1)
                    #expect(request.outcome.error == nil && request.outcome.transactionStatus == UInt8(ascii: "I"))
                    #expect(request.flags.isDisjoint(with: [.incomplete, .notExecuted]))
                    let completed = try #require(request.completedAt)
                    #expect(completed >= request.sentAt)
                    // Inside a pipeline every statement after the first leaves before the one before it
                    // completed; the next pipeline starts only after \endpipeline read every result.
                    #expect(request.flags.contains(.pipelined) == (position > 0), "request \(request.sequence)")
                    if index > 0, let previousCompleted = requests[index - 1].completedAt {
                        #expect((request.sentAt < previousCompleted) == (position > 0), "request \(request.sequence)")
                    }
                }
            }
        }
    }
}
