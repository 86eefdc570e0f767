import Testing
import TestSupport
import Workload
@testable import Replay

/// Replay decodes request records straight into pooled `LoadedRequest`s, reading through a per-session
/// window: what it keeps must be what the workload reader decodes, request by request.
@Suite struct LoadedRequestDecodingTests {
    static func requests() -> [Request] {
        let base = SyntheticWorkload.epoch
        let error = ErrorInfo(fields: [ErrorField(code: UInt8(ascii: "S"), value: "ERROR"),
                                       ErrorField(code: UInt8(ascii: "C"), value: "23505"),
                                       ErrorField(code: UInt8(ascii: "M"), value: "doublon « clé »")])
        var requests: [Request] = []
        for sequence in UInt32(1)...300 {
            let sentAt = base + Int64(sequence) * 1_000_000
            switch sequence % 5 {
            case 0:
                requests.append(Request(session: 1, sequence: sequence, kind: .query, sentAt: sentAt,
                                        completedAt: sentAt + 500, text: "BEGIN; SELECT \(sequence); COMMIT",
                                        fingerprint: UInt64(sequence),
                                        outcome: Outcome(commandTags: ["BEGIN", "SELECT 1", "COMMIT"], rows: 1,
                                                         transactionStatus: UInt8(ascii: "I")),
                                        flags: .endsSyncGroup))
            case 1:
                requests.append(Request(session: 1, sequence: sequence, kind: .execute, sentAt: sentAt,
                                        firstReplyAt: sentAt + 10, completedAt: sentAt + 900,
                                        text: "SELECT abalance FROM pgbench_accounts WHERE aid = $1", statementName: "P0_1",
                                        parameters: [Array("\(sequence)".utf8)], resultFormats: [0],
                                        fingerprint: 42, outcome: Outcome(commandTags: ["SELECT 1"], rows: 1, dataRows: 1)))
            case 2:
                requests.append(Request(session: 1, sequence: sequence, kind: .execute, sentAt: sentAt,
                                        text: "INSERT INTO t VALUES ($1, $2, $3)", portalName: "c1",
                                        parameterTypeOIDs: [23], parameterFormats: [0, 1],
                                        parameters: [Array("7".utf8), nil, [0, 1, 2, 255]], resultFormats: [0, 1],
                                        rowLimit: 10,
                                        outcome: Outcome(commandTags: ["INSERT 0 1"], rows: 1, error: error,
                                                         transactionStatus: UInt8(ascii: "E"), suspended: true),
                                        flags: [.pipelined, .incomplete]))
            case 3:
                requests.append(Request(session: 1, sequence: sequence, kind: .prepare, sentAt: sentAt,
                                        text: "SELECT $1::int + $2", statementName: "a_rather_long_statement_name_\(sequence % 3)",
                                        parameterTypeOIDs: [23, 20]))
            default:
                requests.append(Request(session: 1, sequence: sequence, kind: .query, sentAt: sentAt,
                                        text: "COPY t FROM STDIN", copyData: Array(repeating: 65, count: Int(sequence) * 97),
                                        copyFail: sequence % 2 == 0 ? "stopped" : nil,
                                        outcome: Outcome(commandTags: ["COPY 3"], rows: 3)))
            }
        }
        return requests
    }

    @Test func keepsWhatTheWorkloadReaderDecodes() throws {
        let directory = try TemporaryDirectory()
        let session = SyntheticWorkload.session(1, startedAt: SyntheticWorkload.epoch, database: "app",
                                                requests: Self.requests())
        let path = try SyntheticWorkload.write([session], into: directory, name: "decode.pgw")
        let reader = try WorkloadReader(path: path)
        var offsets: [UInt64] = []
        var expected: [Request] = []
        var offset = reader.offset
        while let record = try reader.next() {
            if case .request(let request) = record {
                offsets.append(offset)
                expected.append(request)
            }
            offset = reader.offset
        }
        #expect(expected.count == 300)

        let file = try WorkloadRequestFile(path: path)
        var window = WorkloadReadWindow()
        var texts = TextInterner()
        let loaded = LoadedRequest()
        for (index, request) in expected.enumerated() {
            // Read ahead as a session does: up to a few records further.
            let end = offsets[min(index + 3, offsets.count - 1)]
            try file.withRequestPayload(at: offsets[index], readingAheadTo: end, window: &window) {
                (cursor: inout WorkloadPayloadCursor) throws(WorkloadPayloadError) -> Void in
                try loaded.decode(&cursor, texts: &texts)
            }
            #expect(loaded.session == request.session && loaded.sequence == request.sequence)
            #expect(loaded.kind == request.kind && loaded.flags == request.flags && loaded.sentAt == request.sentAt)
            #expect(loaded.text == request.text && loaded.statementName == request.statementName)
            #expect(loaded.portalName == request.portalName && loaded.fingerprint == request.fingerprint)
            #expect(Array(loaded.parameterTypeOIDs.values) == request.parameterTypeOIDs)
            #expect(loaded.parameterCount == request.parameters.count)
            for (position, value) in request.parameters.enumerated() {
                let offset = loaded.parameterOffsets[position]
                if let value {
                    let bytes = Array(loaded.parameterBytes.values[offset..<(offset + value.count + 1)])
                    #expect(bytes == value + [0])
                    #expect(loaded.parameterLengths[position] == Int32(value.count))
                } else {
                    #expect(offset == -1)
                }
                let formats = request.parameterFormats
                let format = formats.count == 1 ? formats[0] : position < formats.count ? formats[position] : 0
                #expect(loaded.parameterFormats[position] == Int32(format))
            }
            #expect(loaded.resultFormat == (request.resultFormats.contains(1) ? 1 : 0))
            #expect(loaded.copyData == request.copyData && loaded.copyFail == request.copyFail)
            #expect(loaded.production == ProductionFacts(request))
            #expect(loaded.productionTags == request.outcome.commandTags && loaded.productionRows == request.outcome.rows)
            #expect(loaded.productionTransactionStatus == request.outcome.transactionStatus)
            #expect(loaded.productionSuspended == request.outcome.suspended)
            #expect(try file.request(at: offsets[index]) == request)
        }
    }
}
