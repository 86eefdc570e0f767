import Foundation
import LiveTestSupport
import LocalPostgres
import Testing
@testable import Workload

extension LiveWorkloadTests {
    /// Binary parameters and results, as drivers send them; psql only ever sends text.
    @Suite struct LibpqBinaryLive {
        @Test func binaryParametersAndResultsKeepTheirRawBytesAndFormats() throws {
            try SharedClusters.with(.plain) { cluster in
                let unnamedSQL = "SELECT $1::int4 + 1 AS next"
                let namedSQL = "SELECT $1::int4 * 2 AS doubled"
                var results: [[UInt8]] = []
                let run = try LiveCaptureRun.record(port: cluster.port) {
                    let connection = try LibpqConnection(cluster.connectionString())
                    results.append(try connection.executeBinary(unnamedSQL, int4: 41))
                    try connection.prepare("double_it", namedSQL)
                    results.append(try connection.executePreparedBinary("double_it", int4: -7))
                }
                #expect(results == [[0, 0, 0, 42], [0xFF, 0xFF, 0xFF, 0xF2]])

                let summary = run.summary
                #expect(summary.sessions == 1)
                #expect(summary.errors == 0)
                #expect(summary.unmatchedReplies == 0)
                #expect(summary.frontend["E"] == 2)
                #expect(summary.frontend["P"] == 2)
                let requests = run.requests.sorted { $0.sequence < $1.sequence }
                try #require(requests.count == 3)

                let unnamed = requests[0]
                #expect(unnamed.kind == .execute)
                #expect(unnamed.text == unnamedSQL)
                #expect(unnamed.statementName == "")
                #expect(unnamed.parameterTypeOIDs == [LibpqConnection.int4OID])
                #expect(unnamed.parameterFormats == [1])
                #expect(unnamed.parameters == [[0, 0, 0, 41]])
                #expect(unnamed.resultFormats == [1])
                #expect(unnamed.outcome.commandTags == ["SELECT 1"])
                #expect(unnamed.outcome.dataRows == 1)

                let prepare = requests[1]
                #expect(prepare.kind == .prepare)
                #expect(prepare.statementName == "double_it")
                #expect(prepare.text == namedSQL)
                #expect(prepare.parameterTypeOIDs == [LibpqConnection.int4OID])
                #expect(prepare.outcome.error == nil)

                let named = requests[2]
                #expect(named.kind == .execute)
                #expect(named.statementName == "double_it")
                #expect(named.text == namedSQL)
                #expect(named.parameterFormats == [1])
                #expect(named.parameters == [[0xFF, 0xFF, 0xFF, 0xF9]])
                #expect(named.resultFormats == [1])
                #expect(named.outcome.commandTags == ["SELECT 1"])
                #expect(!named.flags.contains(.statementPreparedBeforeCapture))

                // The JSON export shows binary values in hex, never as text.
                var lines: [RequestExport] = []
                try RequestExport.exportLines(path: run.workloadPath) {
                    lines.append(try JSONDecoder().decode(RequestExport.self, from: Data($0.utf8)))
                }
                #expect(lines.map(\.parameters) == [[.init(hex: "00000029")], [], [.init(hex: "fffffff9")]])
                #expect(lines.map(\.parameterFormats) == [[1], [], [1]])
                #expect(lines.map(\.resultFormats) == [[1], [], [1]])
            }
        }
    }
}
