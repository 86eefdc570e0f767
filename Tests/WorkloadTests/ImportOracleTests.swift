import TestSupport
import Capture
import Foundation
import Testing
@testable import Workload

/// Every shared capture imports with exactly the counts Wireshark's pgsql dissector found (ORACLE.json).
@Suite struct ImportOracleTests {
    static let files = [
        "pgbench_simple.pcap", "pgbench_extended.pcap", "pgbench_prepared.pcap", "pgbench_select_only.pcap",
        "midstream.pcap", "cooked_any.pcap", "pcapng.pcapng", "truncated.pcap",
    ]

    @Test(arguments: files, [0, 2])
    func countsEqualTheOracle(file: String, decodingThreads: Int) throws {
        let expected = try #require(try SharedCaptures.oracle()[file])
        let directory = try TemporaryDirectory()
        let output = directory.path("out.pgw")
        let summary = try Importer.importFiles([SharedCaptures.path(file)], port: expected.server_port, output: output,
                                               decodingThreads: decodingThreads)

        #expect(summary.packets == UInt64(expected.packets))
        #expect(summary.sessions == expected.tcp_sessions)
        #expect(summary.sessionsWithHandshake == expected.tcp_sessions_with_handshake)
        #expect(summary.frontend == expected.frontend_messages)
        #expect(summary.backend == expected.backend_messages)
        #expect(summary.errors == expected.error_responses)
        #expect(summary.errorSqlstates == expected.error_sqlstates)
        #expect(summary.commandTags == expected.command_tags)
        #expect(summary.sslAnswers == (expected.ssl_answers ?? [:]))
        #expect(summary.queries == (expected.frontend_messages["Q"] ?? 0) + (expected.frontend_messages["E"] ?? 0))
        #expect(summary.sessionsWithStartup == (expected.frontend_messages["startup"] ?? 0))
        #expect(summary.decodeErrors == [])
        #expect(summary.gapBytes == 0)
        #expect(summary.truncated == (file == "truncated.pcap"))

        // The file holds one request per Query, Execute and named Parse, each with the outcome production saw.
        let records = try WorkloadFile.readAll(output)
        let requests = records.compactMap { if case .request(let r) = $0 { r } else { nil } }
        let namedParses = expected.pgwire_details?["Parse.named"] ?? 0
        #expect(requests.count == summary.queries + namedParses)
        var tags: [String: Int] = [:]
        for request in requests {
            for tag in request.outcome.commandTags { tags[ImportSummary.command(ofTag: tag), default: 0] += 1 }
        }
        #expect(tags == expected.command_tags)
        #expect(requests.allSatisfy { $0.outcome.error == nil })
    }

    @Test func midstreamKeepsBindsOfStatementsPreparedBeforeTheCapture() throws {
        let directory = try TemporaryDirectory()
        let output = directory.path("mid.pgw")
        let summary = try Importer.importFiles([SharedCaptures.path("midstream.pcap")], port: 56432, output: output)
        #expect(summary.sessions == 3)
        #expect(summary.bindsOfUnknownStatements == 120)
        let requests = try WorkloadFile.readAll(output).compactMap { if case .request(let r) = $0 { r } else { nil } }
        let unknown = requests.filter { $0.flags.contains(.statementPreparedBeforeCapture) }
        #expect(unknown.count == 120)
        #expect(unknown.allSatisfy { $0.text == nil && $0.statementName == "_pg3_0" && !$0.parameters.isEmpty })
        #expect(unknown.allSatisfy { $0.outcome.commandTags.count == 1 && $0.outcome.transactionStatus != nil })
    }

    @Test func truncatedFileKeepsEverythingBeforeTheCut() throws {
        let directory = try TemporaryDirectory()
        let output = directory.path("cut.pgw")
        let summary = try Importer.importFiles([SharedCaptures.path("truncated.pcap")], port: 56432, output: output)
        #expect(summary.truncated)
        #expect(summary.truncation.count == 1)
        #expect(summary.packets == 11224)
        let reader = try WorkloadReader(path: output)
        while try reader.next() != nil {}
        #expect(reader.sawTrailer)
    }

    @Test func mergesSeveralFilesIntoOneTimeline() throws {
        let directory = try TemporaryDirectory()
        let single = try Importer.importFiles([SharedCaptures.path("pgbench_select_only.pcap")], port: 56432,
                                              output: directory.path("one.pgw"))
        let merged = try Importer.importFiles(
            [SharedCaptures.path("pgbench_select_only.pcap"), SharedCaptures.path("midstream.pcap")],
            port: 56432, output: directory.path("two.pgw"))
        #expect(merged.sessions == single.sessions + 3)
        #expect(merged.frontend["B"] == (single.frontend["B"] ?? 0) + 121)
    }
}

/// Test conveniences over the public pipeline.
enum Importer {
    static func importFiles(_ paths: [String], port: UInt16, output: String, decodingThreads: Int = 0) throws -> ImportSummary {
        var source = try MergedPacketSource(paths: paths)
        var options = WorkloadRecorder.Options(serverPorts: [port], sources: paths, toolVersion: "test")
        options.decodingThreads = decodingThreads
        let recorder = try WorkloadRecorder(outputPath: output, options: options)
        try recorder.record(&source)
        return try recorder.finish(truncation: source.truncations.map { "\($0.path): \($0.message)" })
    }
}

enum WorkloadFile {
    static func readAll(_ path: String) throws -> [WorkloadRecord] {
        let reader = try WorkloadReader(path: path)
        var records: [WorkloadRecord] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }
}
