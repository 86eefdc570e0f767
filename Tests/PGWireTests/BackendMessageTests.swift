import Testing
@testable import PGWire

@Suite struct BackendMessageTests {
    static let errorFields: [(UInt8, String)] = [
        (UInt8(ascii: "S"), "ERROR"), (UInt8(ascii: "V"), "ERROR"), (UInt8(ascii: "C"), "23505"),
        (UInt8(ascii: "M"), "duplicate key value violates unique constraint \"t_pkey\""),
        (UInt8(ascii: "D"), "Key (id)=(1) already exists."), (UInt8(ascii: "H"), "try another id"),
        (UInt8(ascii: "P"), "15"), (UInt8(ascii: "s"), "public"), (UInt8(ascii: "t"), "t"),
        (UInt8(ascii: "n"), "t_pkey"), (UInt8(ascii: "F"), "nbtinsert.c"), (UInt8(ascii: "L"), "664"),
        (UInt8(ascii: "R"), "_bt_check_unique"), (UInt8(ascii: "Y"), "future field"),
    ]

    static func errorBody(_ m: WireBytes) {
        for (code, value) in errorFields { m.int8(code).cString(value) }
        m.int8(0)
    }

    static let cases: [(name: String, bytes: [UInt8], expected: BackendMessage)] = [
        ("AuthenticationOk", WireBytes.message("R") { $0.int32(0) }, .authentication(.ok)),
        ("AuthenticationCleartextPassword", WireBytes.message("R") { $0.int32(3) }, .authentication(.cleartextPassword)),
        ("AuthenticationMD5Password", WireBytes.message("R") { $0.int32(5).raw([1, 2, 3, 4]) }, .authentication(.md5Password)),
        ("AuthenticationSASL", WireBytes.message("R") { $0.int32(10).cString("SCRAM-SHA-256-PLUS").cString("SCRAM-SHA-256").int8(0) },
         .authentication(.sasl(mechanisms: ["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"]))),
        ("AuthenticationSASLContinue", WireBytes.message("R") { $0.int32(11).raw(Array("r=abc,s=xyz,i=4096".utf8)) },
         .authentication(.saslContinue)),
        ("AuthenticationSASLFinal", WireBytes.message("R") { $0.int32(12).raw(Array("v=signature".utf8)) },
         .authentication(.saslFinal)),
        ("BackendKeyData", WireBytes.message("K") { $0.int32(4242).int32(987_654) }, .backendKeyData(processID: 4242)),
        ("ParameterStatus", WireBytes.message("S") { $0.cString("server_version").cString("15.18") },
         .parameterStatus(name: "server_version", value: "15.18")),
        ("ReadyForQuery idle", WireBytes.readyForQuery("I"), .readyForQuery(.idle)),
        ("ReadyForQuery in transaction", WireBytes.readyForQuery("T"), .readyForQuery(.inTransaction)),
        ("ReadyForQuery failed", WireBytes.readyForQuery("E"), .readyForQuery(.failed)),
        ("RowDescription", WireBytes.message("T") { m in
            m.int16(2)
            m.cString("aid").int32(16_390).int16(1).int32(23).int16(4).int32(-1).int16(0)
            m.cString("abalance").int32(16_390).int16(3).int32(1043).int16(-1).int32(24).int16(1)
        }, .rowDescription([
            FieldDescription(name: "aid", tableOID: 16_390, columnAttribute: 1, typeOID: 23, typeSize: 4,
                             typeModifier: -1, format: 0),
            FieldDescription(name: "abalance", tableOID: 16_390, columnAttribute: 3, typeOID: 1043, typeSize: -1,
                             typeModifier: 24, format: 1),
        ])),
        ("DataRow", WireBytes.dataRow([Array("1".utf8), nil, [], Array("hello".utf8)]), .dataRow(columnCount: 4)),
        ("CommandComplete", WireBytes.commandComplete("INSERT 0 1"), .commandComplete(tag: "INSERT 0 1")),
        ("EmptyQueryResponse", WireBytes.message("I"), .emptyQueryResponse),
        ("ErrorResponse", WireBytes.message("E") { errorBody($0) },
         .errorResponse(ErrorFields(fields: errorFields.map { (code: $0.0, value: $0.1) }))),
        ("NoticeResponse", WireBytes.message("N") { m in
            m.int8(UInt8(ascii: "S")).cString("NOTICE").int8(UInt8(ascii: "M")).cString("relation exists").int8(0)
        }, .noticeResponse(ErrorFields(fields: [(UInt8(ascii: "S"), "NOTICE"), (UInt8(ascii: "M"), "relation exists")]))),
        ("ParseComplete", WireBytes.message("1"), .parseComplete),
        ("BindComplete", WireBytes.message("2"), .bindComplete),
        ("CloseComplete", WireBytes.message("3"), .closeComplete),
        ("ParameterDescription", WireBytes.message("t") { $0.int16(3).int32(23).int32(25).int32(1700) },
         .parameterDescription([23, 25, 1700])),
        ("NoData", WireBytes.message("n"), .noData),
        ("PortalSuspended", WireBytes.message("s"), .portalSuspended),
        ("CopyInResponse", WireBytes.message("G") { $0.int8(0).int16(2).int16(0).int16(0) },
         .copyInResponse(CopyResponse(overallFormat: 0, columnFormats: [0, 0]))),
        ("CopyOutResponse", WireBytes.message("H") { $0.int8(1).int16(1).int16(1) },
         .copyOutResponse(CopyResponse(overallFormat: 1, columnFormats: [1]))),
        ("CopyBothResponse", WireBytes.message("W") { $0.int8(0).int16(0) },
         .copyBothResponse(CopyResponse(overallFormat: 0, columnFormats: []))),
        ("CopyData", WireBytes.message("d") { $0.raw(Array("a,b\n".utf8)) }, .copyData(byteCount: 4)),
        ("CopyDone", WireBytes.message("c"), .copyDone),
        ("NotificationResponse", WireBytes.message("A") { $0.int32(77).cString("jobs").cString("{\"id\":1}") },
         .notificationResponse(processID: 77, channel: "jobs", payload: "{\"id\":1}")),
        ("FunctionCallResponse", WireBytes.message("V") { $0.value([0, 0, 0, 1]) }, .functionCallResponse([0, 0, 0, 1])),
        ("FunctionCallResponse NULL", WireBytes.message("V") { $0.value(nil) }, .functionCallResponse(nil)),
        ("NegotiateProtocolVersion", WireBytes.message("v") { $0.int32(0).int32(2).cString("_pq_.a").cString("_pq_.b") },
         .negotiateProtocolVersion(newestMinor: 0, unrecognizedOptions: ["_pq_.a", "_pq_.b"])),
    ]

    @Test(arguments: 0..<cases.count)
    func decodesEveryType(index: Int) {
        let testCase = Self.cases[index]
        let events = decodeAll(testCase.bytes, from: .backend)
        #expect(events == [.backend(testCase.expected)], "\(testCase.name)")
    }

    @Test func typeLettersMatchTheProtocol() throws {
        for testCase in Self.cases {
            #expect(try borrowedTypeLetter(of: testCase.bytes, from: .backend) == String(UnicodeScalar(testCase.bytes[0])),
                    "\(testCase.name)")
        }
        #expect(BorrowedBackendMessage.sslResponse(accepted: false).typeLetter == "SSLResponse")
        #expect(BorrowedBackendMessage.gssResponse(accepted: true).typeLetter == "GSSResponse")
    }

    @Test func allMessagesInOneChunkDecodeInOrder() {
        let stream = Self.cases.flatMap(\.bytes)
        #expect(decodeAll(stream, from: .backend) == Self.cases.map { .backend($0.expected) })
    }

    @Test func errorFieldAccessors() throws {
        let events = decodeAll(WireBytes.message("E") { Self.errorBody($0) }, from: .backend)
        guard case .backend(.errorResponse(let fields)) = try #require(events.first) else {
            Issue.record("expected an ErrorResponse, got \(events)")
            return
        }
        #expect(fields.severity == "ERROR")
        #expect(fields.severityNonLocalized == "ERROR")
        #expect(fields.sqlState == "23505")
        #expect(fields.message == "duplicate key value violates unique constraint \"t_pkey\"")
        #expect(fields.detail == "Key (id)=(1) already exists.")
        #expect(fields.hint == "try another id")
        #expect(fields.position == "15")
        #expect(fields.schemaName == "public" && fields.tableName == "t" && fields.constraintName == "t_pkey")
        #expect(fields.file == "nbtinsert.c" && fields.line == "664" && fields.routine == "_bt_check_unique")
        #expect(fields.context == nil && fields.columnName == nil)
        #expect(fields[UInt8(ascii: "Y")] == "future field")
        #expect(fields.fields.count == Self.errorFields.count)
    }

    @Test func authenticationCodes() {
        let expected: [(AuthenticationRequest, Int32)] = [
            (.ok, 0), (.kerberosV5, 2), (.cleartextPassword, 3), (.md5Password, 5), (.scmCredential, 6), (.gss, 7),
            (.gssContinue, 8), (.sspi, 9), (.sasl(mechanisms: []), 10), (.saslContinue, 11), (.saslFinal, 12),
        ]
        for (request, code) in expected { #expect(request.code == code) }
    }
}
