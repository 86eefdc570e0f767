import Foundation
import Testing
import TestSupport
@testable import Workload

/// Keeps docs/workload-format.md honest: its annotated hex dump must be exactly what the encoder
/// writes for the example file below. Run with PGREHEARSE_PRINT_FORMAT_EXAMPLE=1 to print the bytes.
@Suite struct WorkloadFormatDocumentTests {
    static let start: Int64 = 1_732_531_200_000_000_000  // 2024-11-25 10:40:00 UTC
    static let fingerprint: UInt64 = 0x50FD_E20B_2F9B_B6A1

    static let exampleHeader = WorkloadHeader(
        toolVersion: "0.1.0", createdAt: start + 60_000_000_000, sources: ["demo.pcap"],
        serverPorts: [5432], linkTypes: ["EN10MB"])

    static let exampleRecords: [WorkloadRecord] = [
        .sessionStart(SessionStart(
            session: 1, startedAt: start, client: "127.0.0.1:51234", server: "127.0.0.1:5432",
            sawHandshake: true, sawStartup: true, protocolVersion: 196_608, user: "app", database: "shop",
            startupParameters: [StartupParameter(name: "client_encoding", value: "UTF8")])),
        .statement(Statement(fingerprint: fingerprint, normalizedText: "SELECT $1")),
        .request(Request(
            session: 1, sequence: 1, kind: .query, sentAt: start + 2_000_000,
            firstReplyAt: start + 2_000_000 + 250_000, completedAt: start + 2_000_000 + 300_000,
            text: "SELECT 1", fingerprint: fingerprint,
            outcome: Outcome(commandTags: ["SELECT 1"], rows: 1, dataRows: 1, transactionStatus: UInt8(ascii: "I")))),
        .sessionEnd(SessionEnd(session: 1, endedAt: start + 3_000_000, reason: "terminate")),
        .trailer(WorkloadTrailer(
            firstTimestamp: start, lastTimestamp: start + 3_000_000, sessions: 1, requests: 1,
            packetsSeen: 14, summaryJSON: "{}")),
    ]

    static func exampleBytes() throws -> [UInt8] {
        let encoder = try WorkloadEncoder(header: exampleHeader)
        for record in exampleRecords {
            try encoder.append(record)
        }
        return encoder.bytes
    }

    @Test func documentedHexDumpMatchesTheEncoder() throws {
        let bytes = try Self.exampleBytes()
        if ProcessInfo.processInfo.environment["PGREHEARSE_PRINT_FORMAT_EXAMPLE"] != nil {
            print("FORMAT-EXAMPLE " + bytes.map { String(format: "%02x", $0) }.joined())
        }
        let path = try #require(FormatDocument.path("workload-format.md"), "docs/workload-format.md not found")
        let document = try String(contentsOfFile: path, encoding: .utf8)
        #expect(try FormatDocument.dumpBytes(in: document) == bytes)
        #expect(try WorkloadFormatSamples.readAll(bytes).records == Self.exampleRecords)
    }
}
