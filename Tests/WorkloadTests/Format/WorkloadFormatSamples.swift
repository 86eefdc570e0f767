@testable import Workload

/// Records with edge values, and helpers to build and take apart encoded files.
enum WorkloadFormatSamples {
    static let header = WorkloadHeader(
        toolVersion: "0.1.0-ünïcødé 🐘",
        createdAt: 1_732_531_200_123_456_789,
        sources: ["/captures/prod eu.pcapng", "live:lo", ""],
        serverPorts: [0, 5432, UInt16.max],
        linkTypes: ["EN10MB", "LINUX_SLL2"])

    static let fullRequest = Request(
        session: UInt32.max,
        sequence: UInt32.max,
        kind: .execute,
        sentAt: Int64.min,
        firstReplyAt: Int64.max,
        completedAt: Int64.min,
        text: "SELECT $1::text, $2, '日本語 🐘' -- \u{0}nul",
        statementName: "stmt_ÿ",
        portalName: "",
        functionOID: UInt32.max,
        parameterTypeOIDs: [0, 25, UInt32.max],
        parameterFormats: [Int16.min, -1, 0, 1, Int16.max],
        parameters: [nil, [], Array(0...255), nil, [UInt8](repeating: 0xA5, count: 300_000)],
        resultFormats: [-32768, 1],
        rowLimit: Int32.min,
        copyData: [UInt8](repeating: 0x0A, count: 70_000),
        copyFail: "aborted by user ✋",
        fingerprint: UInt64.max,
        outcome: Outcome(
            commandTags: ["BEGIN", "INSERT 0 1", ""],
            rows: UInt64.max,
            dataRows: UInt64.max - 1,
            error: ErrorInfo(fields: [
                ErrorField(code: UInt8(ascii: "S"), value: "ERREUR"),
                ErrorField(code: UInt8(ascii: "V"), value: "ERROR"),
                ErrorField(code: UInt8(ascii: "C"), value: "23505"),
                ErrorField(code: UInt8(ascii: "M"), value: "la valeur d'une clé dupliquée…"),
                ErrorField(code: 0xFF, value: ""),
            ]),
            transactionStatus: UInt8(ascii: "E"),
            notices: UInt32.max,
            emptyQuery: true,
            suspended: true),
        flags: [.statementPreparedBeforeCapture, .incomplete, .pipelined, .describedStatement,
                .describedPortal, .notExecuted, RequestFlags(rawValue: 0x8000)])

    static let minimalRequest = Request(session: 0, sequence: 1, kind: .query, sentAt: 0)

    static let records: [WorkloadRecord] = [
        .sessionStart(SessionStart(
            session: 0, startedAt: Int64.max, client: "", server: "[::1]:5432")),
        .sessionStart(SessionStart(
            session: UInt32.max, startedAt: -1, client: "127.0.0.1:51234", server: "127.0.0.1:5432",
            sawHandshake: true, sawStartup: true, protocolVersion: UInt32.max,
            user: "ユーザー", database: "", applicationName: "psql 🐘",
            startupParameters: [
                StartupParameter(name: "client_encoding", value: "UTF8"),
                StartupParameter(name: "options", value: ""),
            ])),
        .statement(Statement(fingerprint: 0, normalizedText: "")),
        .statement(Statement(fingerprint: UInt64.max, normalizedText: "SELECT $1 FROM \"tâble\"")),
        .request(minimalRequest),
        .request(fullRequest),
        .request(Request(
            session: 7, sequence: 2, kind: .prepare, sentAt: -5, firstReplyAt: -5, completedAt: nil,
            text: "", statementName: "s1", rowLimit: Int32.max,
            outcome: Outcome(error: ErrorInfo(fields: []), transactionStatus: 0))),
        .request(Request(
            session: 7, sequence: 3, kind: .functionCall, sentAt: 10, firstReplyAt: nil, completedAt: 9,
            functionOID: 1598, parameters: [nil], copyData: [], copyFail: "", fingerprint: 0)),
        .sessionEnd(SessionEnd(session: 0, endedAt: Int64.min, reason: "")),
        .sessionEnd(SessionEnd(
            session: UInt32.max, endedAt: 42, reason: "stopped: interrupted ⏹", gapBytes: UInt64.max,
            encrypted: true, decodeError: "message length 3 is shorter than its header")),
        .trailer(WorkloadTrailer(
            firstTimestamp: Int64.min, lastTimestamp: Int64.max, sessions: UInt32.max,
            requests: UInt64.max, gapBytes: UInt64.max, encryptedSessions: UInt32.max,
            packetsSeen: UInt64.max, packetsDropped: 0, truncatedInput: "truncated dump file; tried to read 16 header bytes",
            summaryJSON: "{\"note\":\"ünïcødé\",\"list\":[1,2,3]}")),
    ]

    /// A small complete file (every record type once), with the byte offset where each record starts.
    static func smallFile() throws -> (bytes: [UInt8], offsets: [Int], records: [WorkloadRecord]) {
        let records: [WorkloadRecord] = [
            .sessionStart(SessionStart(session: 1, startedAt: 1_000, client: "10.0.0.1:4000", server: "10.0.0.2:5432",
                                       sawHandshake: true, sawStartup: true, protocolVersion: 196_608, user: "app")),
            .statement(Statement(fingerprint: 0x0123_4567_89AB_CDEF, normalizedText: "SELECT $1")),
            .request(Request(session: 1, sequence: 1, kind: .execute, sentAt: 2_000, firstReplyAt: 2_100,
                             completedAt: 2_150, text: "SELECT $1", parameters: [[0x31], nil],
                             fingerprint: 0x0123_4567_89AB_CDEF,
                             outcome: Outcome(commandTags: ["SELECT 1"], rows: 1, dataRows: 1, transactionStatus: 0x49))),
            .sessionEnd(SessionEnd(session: 1, endedAt: 3_000, reason: "terminate")),
            .trailer(WorkloadTrailer(firstTimestamp: 1_000, lastTimestamp: 3_000, sessions: 1, requests: 1,
                                     packetsSeen: 12, summaryJSON: "{}")),
        ]
        let encoder = try WorkloadEncoder(header: WorkloadHeader(toolVersion: "t", createdAt: 5, sources: ["a.pcap"]))
        var offsets = [8]
        for record in records {
            offsets.append(encoder.bytes.count)
            try encoder.append(record)
        }
        return (encoder.bytes, offsets, records)
    }

    /// A framed record with a correct CRC around any payload (to build deliberately odd files).
    static func frame(type: UInt8, payload: [UInt8]) -> [UInt8] {
        var bytes = [type]
        let length = UInt32(payload.count)
        bytes += [UInt8(length & 0xFF), UInt8((length >> 8) & 0xFF), UInt8((length >> 16) & 0xFF), UInt8(length >> 24)]
        bytes += payload
        let crc = CRC32C.checksum(bytes)
        bytes += [UInt8(crc & 0xFF), UInt8((crc >> 8) & 0xFF), UInt8((crc >> 16) & 0xFF), UInt8(crc >> 24)]
        return bytes
    }

    /// Reads every record of an in-memory file.
    static func readAll(_ bytes: [UInt8]) throws -> (header: WorkloadHeader, records: [WorkloadRecord], sawTrailer: Bool) {
        let reader = try WorkloadReader(bytes: bytes, name: "test.pgw")
        var records: [WorkloadRecord] = []
        while let record = try reader.next() {
            records.append(record)
        }
        return (reader.header, records, reader.sawTrailer)
    }
}
