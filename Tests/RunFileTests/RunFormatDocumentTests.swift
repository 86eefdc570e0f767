import Foundation
import Testing
import TestSupport
@testable import RunFile
import Workload

/// Keeps docs/run-format.md honest: its annotated hex dump must be exactly what the encoder writes
/// for the example run below. Run with PGREHEARSE_PRINT_FORMAT_EXAMPLE=1 to print the bytes.
@Suite struct RunFormatDocumentTests {
    static let start: Int64 = 1_732_531_200_000_000_000  // 2024-11-25 10:40:00 UTC

    static let exampleHeader = RunHeader(
        toolVersion: "0.2.0", workloadPath: "prod.pgw", workloadHash: 0x8F3A_2C5D_1E4B_6079,
        workloadRequests: 2, target: "host=db dbname=shop", serverVersion: "15.18",
        systemIdentifier: 7_301_234_567_890_123_456,
        settings: [RunSetting(name: "work_mem", value: "4MB")], speed: 1, shardIndex: 0, shardCount: 1,
        filters: ["read_only"], startedAt: start + 3_600_000_000_000, captureStart: start, hostName: "r1")

    static let exampleOutcomes: [ReplayOutcome] = [
        ReplayOutcome(
            session: 1, sequence: 1, fingerprint: 0x50FD_E20B_2F9B_B6A1, status: .executed,
            scheduledAt: start + 3_600_002_000_000, sentAt: start + 3_600_002_000_000 + 40_000,
            completedAt: start + 3_600_002_000_000 + 310_000, commandTags: ["SELECT 1"], rows: 1, dataRows: 1,
            transactionStatus: UInt8(ascii: "I"),
            orderedChecksum: 0x0123_4567_89AB_CDEF, unorderedChecksum: 0xFEDC_BA98_7654_3210),
        ReplayOutcome(
            session: 1, sequence: 2, status: .executed, scheduledAt: start + 3_600_003_000_000,
            sentAt: start + 3_600_003_000_000 + 20_000, completedAt: start + 3_600_003_000_000 + 90_000,
            error: ErrorInfo(fields: [ErrorField(code: UInt8(ascii: "C"), value: "42P01"),
                                      ErrorField(code: UInt8(ascii: "M"), value: "relation \"t\" does not exist")]),
            transactionStatus: UInt8(ascii: "I"), productionMismatch: .sqlState),
    ]

    static let exampleTrailer = RunTrailer(endedAt: start + 3_600_004_000_000, outcomes: 2, summaryJSON: "{}")

    static let exampleCaptureSummary = "{\"requests\":2}"

    static let exampleStatement = Statement(fingerprint: 0x50FD_E20B_2F9B_B6A1, normalizedText: "SELECT $1")

    /// As the replay writes it: the capture and statement records right after the header.
    static func exampleBytes() throws -> [UInt8] {
        let encoder = try RunEncoder(header: exampleHeader)
        try encoder.append(captureSummary: exampleCaptureSummary)
        try encoder.append(statement: exampleStatement)
        for outcome in exampleOutcomes {
            try encoder.append(outcome)
        }
        try encoder.appendTrailer(exampleTrailer)
        return encoder.bytes
    }

    @Test func documentedHexDumpMatchesTheEncoder() throws {
        let bytes = try Self.exampleBytes()
        if ProcessInfo.processInfo.environment["PGREHEARSE_PRINT_FORMAT_EXAMPLE"] != nil {
            print("FORMAT-EXAMPLE " + bytes.map { String(format: "%02x", $0) }.joined())
        }
        let path = try #require(FormatDocument.path("run-format.md"), "docs/run-format.md not found")
        let document = try String(contentsOfFile: path, encoding: .utf8)
        let documented = try FormatDocument.dumpBytes(in: document)
        #expect(!documented.isEmpty)
        #expect(documented == bytes)
        let read = RunFileSamples.read(bytes)
        #expect(read.header == Self.exampleHeader)
        #expect(read.outcomes == Self.exampleOutcomes)
        #expect(read.trailer == Self.exampleTrailer)
        #expect(read.statements == [Self.exampleStatement.fingerprint: Self.exampleStatement.normalizedText])
        #expect(read.captureSummaryJSON == Self.exampleCaptureSummary)
    }

    /// The document states the file's size; keep it in step with the example.
    @Test func documentStatesTheExampleSize() throws {
        let path = try #require(FormatDocument.path("run-format.md"), "docs/run-format.md not found")
        let document = try String(contentsOfFile: path, encoding: .utf8)
        #expect(document.contains("(\(try Self.exampleBytes().count) bytes)"))
    }
}
