import Foundation
import Testing
@testable import RunFile
import Workload

/// The statement and capture records that make a run file readable without its workload: written
/// after the header, collected by the reader wherever they are, skipped by readers that do not know
/// them (they are ancillary), never returned as outcomes.
@Suite struct RunFileAncillaryRecordTests {
    static let statements = [
        Statement(fingerprint: 0, normalizedText: ""),
        Statement(fingerprint: 0x50FD_E20B_2F9B_B6A1, normalizedText: "SELECT $1"),
        Statement(fingerprint: .max, normalizedText: "UPDATE t SET name = $1 WHERE note = 'é🙂' AND id = $2"),
    ]

    static let captureSummary = "{\"sessions\":2,\"requests\":3,\"host\":\"réplica\"}"

    @Test func statementsAndCaptureSummaryRoundTrip() throws {
        let encoder = try RunEncoder(header: RunFileSamples.fullHeader)
        try encoder.append(captureSummary: Self.captureSummary)
        for statement in Self.statements {
            try encoder.append(statement: statement)
        }
        for outcome in RunFileSamples.outcomes {
            try encoder.append(outcome)
        }
        try encoder.appendTrailer(RunFileSamples.trailer)
        let read = RunFileSamples.read(encoder.bytes)
        #expect(read.error == nil)
        #expect(read.header == RunFileSamples.fullHeader)
        #expect(read.outcomes == RunFileSamples.outcomes)
        #expect(read.trailer == RunFileSamples.trailer)
        #expect(read.statements == Dictionary(uniqueKeysWithValues: Self.statements.map { ($0.fingerprint, $0.normalizedText) }))
        #expect(read.captureSummaryJSON == Self.captureSummary)
    }

    /// The records byte by byte: the type, then the fields of the workload's statement record, or one string.
    @Test func recordsHaveTheDocumentedLayout() throws {
        let header = try RunEncoder(header: RunFileSamples.header).bytes
        let encoder = try RunEncoder(header: RunFileSamples.header)
        try encoder.append(statement: Statement(fingerprint: 0x0102_0304_0506_0708, normalizedText: "SELECT $1"))
        try encoder.append(captureSummary: "{}")
        let statementPayload: [UInt8] = [0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 9] + Array("SELECT $1".utf8)
        #expect(encoder.bytes == header + RunFileSamples.frame(type: 0xCE, payload: statementPayload)
                + RunFileSamples.frame(type: 0xC3, payload: [2] + Array("{}".utf8)))
        #expect(RunRecordType.statement.rawValue >= RunRecordType.firstAncillary)
        #expect(RunRecordType.capture.rawValue >= RunRecordType.firstAncillary)
        #expect(RunRecordType.name(of: 0xCE) == "statement" && RunRecordType.name(of: 0xC3) == "capture")
    }

    /// Writers put them first, but they are read anywhere; the first text of a fingerprint and the
    /// first capture summary win.
    @Test func readAnywhereFirstOneWins() throws {
        let directory = try RunFileSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/run.pgr"
        let writer = try RunWriter(path: path, header: RunFileSamples.header)
        try writer.write(captureSummary: "{\"first\":true}")
        try writer.write(statement: Statement(fingerprint: 7, normalizedText: "SELECT $1"))
        try writer.write(RunFileSamples.outcomes[0])
        try writer.write(statement: Statement(fingerprint: 7, normalizedText: "SELECT 'other'"))
        try writer.write(statement: Statement(fingerprint: 8, normalizedText: "DELETE FROM t"))
        try writer.write(captureSummary: "{\"first\":false}")
        try writer.write(RunFileSamples.outcomes[1])
        #expect(writer.outcomesWritten == 2)
        try writer.finish(trailer: RunTrailer(endedAt: 1, outcomes: 0))

        let reader = try RunReader(path: path)
        #expect(reader.statements.isEmpty)
        #expect(try reader.next() == RunFileSamples.outcomes[0])
        // Everything before the first outcome is known once it is returned.
        #expect(reader.statements == [7: "SELECT $1"])
        #expect(reader.captureSummaryJSON == "{\"first\":true}")
        #expect(try reader.next() == RunFileSamples.outcomes[1])
        #expect(try reader.next() == nil)
        #expect(reader.statements == [7: "SELECT $1", 8: "DELETE FROM t"])
        #expect(reader.captureSummaryJSON == "{\"first\":true}")
        #expect(reader.trailer?.outcomes == 2)
    }

    @Test func filesWithoutThemReadAsBefore() throws {
        let read = RunFileSamples.read(try RunFileSamples.smallFile().bytes)
        #expect(read.error == nil)
        #expect(read.statements.isEmpty)
        #expect(read.captureSummaryJSON == nil)
    }

    /// A type this version does not know (0xFE), among the known ancillary records, is skipped: the
    /// way a reader from before the statement and capture records reads them.
    @Test func unknownAncillaryTypeAmongThemIsSkipped() throws {
        let file = try RunFileSamples.smallFile()
        let insertAt = file.offsets[1]
        let encoder = try RunEncoder(header: RunFileSamples.header)
        let headerLength = encoder.bytes.count
        try encoder.append(statement: Self.statements[1])
        try encoder.append(captureSummary: "{}")
        let known = Array(encoder.bytes[headerLength...])
        let bytes = Array(file.bytes[..<insertAt]) + RunFileSamples.frame(type: 0xFE, payload: [1, 2, 3]) + known
            + RunFileSamples.frame(type: 0xFE, payload: []) + Array(file.bytes[insertAt...])
        let read = RunFileSamples.read(bytes)
        #expect(read.error == nil)
        #expect(read.outcomes == file.outcomes)
        #expect(read.trailer != nil)
        #expect(read.statements == [Self.statements[1].fingerprint: "SELECT $1"])
        #expect(read.captureSummaryJSON == "{}")
    }

    /// This version knows the records, so a malformed one (valid CRC, bad payload) is corruption.
    @Test func malformedStatementOrCaptureRecordIsCorrupt() throws {
        let file = try RunFileSamples.smallFile()
        let insertAt = file.offsets[2]
        for (record, reason) in [
            (RunFileSamples.frame(type: 0xCE, payload: [1, 2, 3]),
             "malformed statement record: field fingerprint runs past the end of the record"),
            (RunFileSamples.frame(type: 0xCE, payload: Array(repeating: 0, count: 8) + [1, 0xFF]),
             "malformed statement record: field normalizedText is not valid UTF-8"),
            (RunFileSamples.frame(type: 0xC3, payload: [5, 0x7B]),
             "malformed capture record: field summaryJSON has count 5, more than the record holds"),
        ] {
            let read = RunFileSamples.read(Array(file.bytes[..<insertAt]) + record + Array(file.bytes[insertAt...]),
                                           name: "bad.pgr")
            #expect(read.error == .corrupt(path: "bad.pgr", offset: UInt64(insertAt), reason: reason))
            #expect(read.outcomes == [file.outcomes[0]])
        }
    }
}
