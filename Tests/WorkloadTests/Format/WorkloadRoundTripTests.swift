import Testing
@testable import Workload

@Suite struct WorkloadRoundTripTests {
    @Test func everyRecordTypeRoundTripsWithEdgeValues() throws {
        let encoder = try WorkloadEncoder(header: WorkloadFormatSamples.header)
        for record in WorkloadFormatSamples.records {
            try encoder.append(record)
        }
        let decoded = try WorkloadFormatSamples.readAll(encoder.bytes)
        #expect(decoded.header == WorkloadFormatSamples.header)
        #expect(decoded.records.count == WorkloadFormatSamples.records.count)
        for (index, (read, written)) in zip(decoded.records, WorkloadFormatSamples.records).enumerated() {
            #expect(read == written, "record \(index)")
        }
        #expect(decoded.sawTrailer)
    }

    @Test(arguments: WorkloadFormatSamples.records.indices)
    func eachRecordAloneRoundTrips(index: Int) throws {
        let record = WorkloadFormatSamples.records[index]
        let encoder = try WorkloadEncoder(header: WorkloadHeader(toolVersion: "", createdAt: Int64.min))
        try encoder.append(record)
        let decoded = try WorkloadFormatSamples.readAll(encoder.bytes)
        #expect(decoded.header == WorkloadHeader(toolVersion: "", createdAt: Int64.min))
        #expect(decoded.records == [record])
    }

    /// Every request kind and every single flag bit survives (a confused mapping would show here).
    @Test func requestKindsAndFlagBits() throws {
        let encoder = try WorkloadEncoder(header: WorkloadFormatSamples.header)
        var written: [WorkloadRecord] = []
        for kind in RequestKind.allCases {
            for bit in 0..<16 {
                let request = Request(session: 1, sequence: UInt32(bit + 1), kind: kind, sentAt: Int64(bit),
                                      flags: RequestFlags(rawValue: 1 << UInt16(bit)))
                written.append(.request(request))
                try encoder.append(.request(request))
            }
        }
        #expect(try WorkloadFormatSamples.readAll(encoder.bytes).records == written)
    }

    @Test func kindAndFlagNames() {
        #expect(RequestKind.allCases.map(\.name) == ["query", "execute", "prepare", "function_call"])
        #expect(RequestFlags([.pipelined, .notExecuted, RequestFlags(rawValue: 1 << 15)]).names
                == ["pipelined", "not_executed", "bit_15"])
        #expect(RequestFlags([.statementPreparedBeforeCapture, .incomplete, .describedStatement, .describedPortal]).names
                == ["statement_prepared_before_capture", "incomplete", "described_statement", "described_portal"])
        #expect(RequestFlags().names.isEmpty)
    }

    @Test func timestampsNearOverflowRoundTrip() throws {
        let extremes: [Int64] = [Int64.min, Int64.min + 1, -1, 0, 1, Int64.max - 1, Int64.max]
        var written: [WorkloadRecord] = []
        let encoder = try WorkloadEncoder(header: WorkloadFormatSamples.header)
        for sent in extremes {
            for reply in extremes {
                let request = Request(session: 1, sequence: 1, kind: .query, sentAt: sent,
                                      firstReplyAt: reply, completedAt: reply)
                written.append(.request(request))
                try encoder.append(.request(request))
            }
        }
        #expect(try WorkloadFormatSamples.readAll(encoder.bytes).records == written)
    }

    /// Exact bytes of one record, checking varint, zigzag, string, bool, optional and the framing.
    @Test func sessionEndBytesAreExact() throws {
        let encoder = try WorkloadEncoder(header: WorkloadHeader(toolVersion: "", createdAt: 0))
        let headerEnd = encoder.bytes.count
        try encoder.append(.sessionEnd(SessionEnd(session: 300, endedAt: -2, reason: "fin", gapBytes: 128,
                                                  encrypted: true, decodeError: nil)))
        let record = Array(encoder.bytes[headerEnd...])
        let payload: [UInt8] = [
            0xAC, 0x02,              // session 300 as LEB128
            0x03,                    // endedAt -2 zigzag = 3
            0x03, 0x66, 0x69, 0x6E,  // "fin"
            0x80, 0x01,              // gapBytes 128
            0x01,                    // encrypted
            0x00,                    // decodeError absent
        ]
        #expect(record == WorkloadFormatSamples.frame(type: 0x45, payload: payload))
        #expect(record.count == 9 + payload.count)
        #expect(Array(record[1..<5]) == [UInt8(payload.count), 0, 0, 0])
    }

    @Test func headerBytesAreExact() throws {
        let encoder = try WorkloadEncoder(header: WorkloadHeader(toolVersion: "v", createdAt: -1, sources: ["s"],
                                                             serverPorts: [5432], linkTypes: []))
        let payload: [UInt8] = [0x01, 0x00, 0x01, 0x76, 0x01, 0x01, 0x01, 0x73, 0x01, 0xB8, 0x2A, 0x00]
        #expect(encoder.bytes == Array("PGRHWKLD".utf8) + WorkloadFormatSamples.frame(type: 0x48, payload: payload))
    }

    @Test func errorInfoConveniences() {
        let error = ErrorInfo(fields: [
            ErrorField(code: UInt8(ascii: "S"), value: "FEHLER"),
            ErrorField(code: UInt8(ascii: "V"), value: "ERROR"),
            ErrorField(code: UInt8(ascii: "C"), value: "42P01"),
            ErrorField(code: UInt8(ascii: "M"), value: "relation \"x\" does not exist"),
            ErrorField(code: UInt8(ascii: "H"), value: "create it"),
        ])
        #expect(error.sqlState == "42P01")
        #expect(error.severity == "ERROR")
        #expect(error.message == "relation \"x\" does not exist")
        #expect(error.hint == "create it")
        #expect(error.detail == nil)
        #expect(ErrorInfo(fields: [ErrorField(code: UInt8(ascii: "S"), value: "FATAL")]).severity == "FATAL")
    }

    @Test func oversizedRecordIsRefusedAndLeavesEncoderUsable() throws {
        let encoder = try WorkloadEncoder(header: WorkloadFormatSamples.header)
        let before = encoder.bytes
        encoder.payloadLimit = 1_000
        let huge = Request(session: 1, sequence: 1, kind: .query, sentAt: 0,
                           copyData: [UInt8](repeating: 0, count: 1_000))
        let error = #expect(throws: WorkloadFormatError.self) { try encoder.append(.request(huge)) }
        guard case .recordTooLarge(let record, let size) = error else {
            Issue.record("unexpected error \(String(describing: error))")
            return
        }
        #expect(record == "request")
        #expect(size > 1_000)
        #expect(encoder.bytes == before)
        try encoder.append(.request(WorkloadFormatSamples.minimalRequest))
        #expect(try WorkloadFormatSamples.readAll(encoder.bytes).records == [.request(WorkloadFormatSamples.minimalRequest)])
    }
}
