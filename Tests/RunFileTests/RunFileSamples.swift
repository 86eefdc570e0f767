import Foundation
@testable import RunFile
import Workload

/// Headers, outcomes and small files shared by the run file tests.
enum RunFileSamples {
    static let start: Int64 = 1_732_531_200_000_000_000  // 2024-11-25 10:40:00 UTC

    static let header = RunHeader(
        toolVersion: "0.2.0", workloadPath: "prod.pgw", workloadHash: 0x0123_4567_89AB_CDEF,
        workloadRequests: 3, target: "host=db1 dbname=shop", serverVersion: "15.18", speed: 1,
        startedAt: start, captureStart: start - 3_600_000_000_000, hostName: "replayer-1")

    /// A header with every optional and list field filled.
    static let fullHeader = RunHeader(
        formatVersion: 1, toolVersion: "0.2.0-dev+ü", workloadPath: "/data/dürüm/prod.pgw",
        workloadHash: .max, workloadRequests: .max, target: "postgresql://app@db1:5433/shop",
        serverVersion: "15.18 (Debian 15.18-0+deb12u1)", systemIdentifier: 7_301_234_567_890_123_456,
        settings: [RunSetting(name: "shared_buffers", value: "128MB"), RunSetting(name: "work_mem", value: "4MB"),
                   RunSetting(name: "", value: "")],
        speed: 2.5, shardIndex: 3, shardCount: 4, filters: ["read_only", "from=2024-11-25T10:00:00Z"],
        startedAt: .min, captureStart: .max, hostName: "réplica-ホスト", mergedShards: [1, 3])

    /// One outcome of each status, with optionals set and unset, unicode and extreme values.
    static let outcomes: [ReplayOutcome] = [
        ReplayOutcome(
            session: 1, sequence: 1, fingerprint: 0x50FD_E20B_2F9B_B6A1, status: .executed,
            scheduledAt: start + 2_000_000, sentAt: start + 2_000_100, completedAt: start + 2_300_000,
            commandTags: ["SELECT 1"], rows: 1, dataRows: 1, transactionStatus: UInt8(ascii: "I"),
            orderedChecksum: 0x1111_2222_3333_4444, unorderedChecksum: 0x5555_6666_7777_8888),
        ReplayOutcome(
            session: 1, sequence: 2, status: .executed, scheduledAt: start + 3_000_000,
            sentAt: start + 2_999_000, completedAt: start + 4_000_000,
            commandTags: ["BEGIN", "INSERT 0 1", "COMMIT"], rows: 1,
            error: ErrorInfo(fields: [
                ErrorField(code: UInt8(ascii: "S"), value: "ERROR"), ErrorField(code: UInt8(ascii: "V"), value: "ERROR"),
                ErrorField(code: UInt8(ascii: "C"), value: "23505"),
                ErrorField(code: UInt8(ascii: "M"), value: "la clé dupliquée « x » viole la contrainte 🙂"),
                ErrorField(code: UInt8(ascii: "D"), value: ""),
            ]),
            transactionStatus: UInt8(ascii: "E"), productionMismatch: [.sqlState, .rows]),
        ReplayOutcome(session: 2, sequence: 1, status: .skipped, skipReason: "read_only", scheduledAt: start,
                      productionMismatch: .productionUnknown),
        ReplayOutcome(session: 2, sequence: 2, fingerprint: 0, status: .connectionLost, scheduledAt: start + 1,
                      sentAt: start + 1,
                      error: ErrorInfo(fields: [ErrorField(code: 0x4D, value: "server closed the connection unexpectedly")])),
        ReplayOutcome(session: .max, sequence: .max, fingerprint: .max, status: .cancelled, skipReason: "",
                      scheduledAt: .max, sentAt: .min, completedAt: .max, commandTags: ["", "ŝ"],
                      rows: .max, dataRows: .max, error: ErrorInfo(fields: []), transactionStatus: 0,
                      orderedChecksum: 0, unorderedChecksum: .max, productionMismatch: ProductionMismatch(rawValue: 0xFF)),
        ReplayOutcome(session: 0, sequence: 0, status: .skipped, scheduledAt: .min,
                      orderedChecksum: 1, unorderedChecksum: 0),
    ]

    static let trailer = RunTrailer(endedAt: start + 10_000_000, outcomes: UInt64(outcomes.count),
                                    interrupted: true, summaryJSON: "{\"requests\":6}")

    /// A small complete file, the offset of each record (header first) and its outcomes.
    static func smallFile() throws -> (bytes: [UInt8], offsets: [Int], outcomes: [ReplayOutcome]) {
        let outcomes = Array(Self.outcomes.prefix(3))
        let encoder = try RunEncoder(header: header)
        var offsets = [8]
        for outcome in outcomes {
            offsets.append(encoder.bytes.count)
            try encoder.append(outcome)
        }
        offsets.append(encoder.bytes.count)
        try encoder.appendTrailer(RunTrailer(endedAt: start + 5, outcomes: 3))
        return (encoder.bytes, offsets, outcomes)
    }

    /// A framed record with a correct CRC around any payload (to build deliberately odd files).
    static func frame(type: UInt8, payload: [UInt8]) -> [UInt8] {
        var bytes = [type]
        let length = UInt32(payload.count)
        bytes += withUnsafeBytes(of: length.littleEndian) { Array($0) }
        bytes += payload
        let crc = CRC32C.checksum(bytes)
        bytes += withUnsafeBytes(of: crc.littleEndian) { Array($0) }
        return bytes
    }

    /// What reading a file gives, the way a tool reads it: outcomes until nil or the first error.
    struct Read {
        var header: RunHeader?
        var outcomes: [ReplayOutcome] = []
        var trailer: RunTrailer?
        var cutShort: RunFileError?
        var error: RunFileError?
        var statements: [UInt64: String] = [:]
        var captureSummaryJSON: String?
    }

    static func read(_ bytes: [UInt8], name: String = "test.pgr") -> Read {
        var result = Read()
        do {
            let reader = try RunReader(bytes: bytes, name: name)
            result.header = reader.header
            while let outcome = try reader.next() {
                result.outcomes.append(outcome)
            }
            result.trailer = reader.trailer
            result.cutShort = reader.cutShort
            result.statements = reader.statements
            result.captureSummaryJSON = reader.captureSummaryJSON
        } catch {
            result.error = error
        }
        return result
    }

    static func temporaryDirectory() throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pgrehearse-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.path
    }

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}
