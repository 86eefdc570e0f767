import Testing
@testable import PGWire

@Suite struct FrontendMessageTests {
    /// Every frontend message type with the bytes a client sends and what must come out.
    static let cases: [(name: String, bytes: [UInt8], expected: FrontendMessage)] = [
        ("Query", WireBytes.query("SELECT 1"), .query("SELECT 1")),
        ("Parse", WireBytes.message("P") { m in
            m.cString("stmt1").cString("SELECT $1::int, $2").int16(2).int32(23).int32(0)
        }, .parse(Parse(statementName: "stmt1", query: "SELECT $1::int, $2", parameterTypeOIDs: [23, 0]))),
        ("Bind", WireBytes.message("B") { m in
            m.cString("portal").cString("stmt1")
            m.int16(2).int16(0).int16(1)
            m.int16(3).value(Array("42".utf8)).value(nil).value([])
            m.int16(1).int16(1)
        }, .bind(Bind(portalName: "portal", statementName: "stmt1", parameterFormats: [0, 1],
                      parameters: [Array("42".utf8), nil, []], resultFormats: [1]))),
        ("Bind unnamed, no parameters", WireBytes.message("B") { m in
            m.cString("").cString("").int16(0).int16(0).int16(0)
        }, .bind(Bind(portalName: "", statementName: "", parameterFormats: [], parameters: [], resultFormats: []))),
        ("Describe portal", WireBytes.message("D") { $0.int8(UInt8(ascii: "P")).cString("p1") },
         .describe(kind: .portal, name: "p1")),
        ("Describe statement", WireBytes.message("D") { $0.int8(UInt8(ascii: "S")).cString("") },
         .describe(kind: .statement, name: "")),
        ("Execute", WireBytes.message("E") { $0.cString("p1").int32(100) }, .execute(portalName: "p1", maxRows: 100)),
        ("Sync", WireBytes.message("S"), .sync),
        ("Flush", WireBytes.message("H"), .flush),
        ("Close statement", WireBytes.message("C") { $0.int8(UInt8(ascii: "S")).cString("stmt1") },
         .close(kind: .statement, name: "stmt1")),
        ("FunctionCall", WireBytes.message("F") { m in
            m.int32(1598).int16(1).int16(1).int16(2).value([0, 0, 0, 7]).value(nil).int16(1)
        }, .functionCall(FunctionCall(functionOID: 1598, argumentFormats: [1], arguments: [[0, 0, 0, 7], nil],
                                      resultFormat: 1))),
        ("CopyData", WireBytes.message("d") { $0.raw(Array("1\tfoo\n".utf8)) }, .copyData(Array("1\tfoo\n".utf8))),
        ("CopyDone", WireBytes.message("c"), .copyDone),
        ("CopyFail", WireBytes.message("f") { $0.cString("aborted by user") }, .copyFail("aborted by user")),
        ("Terminate", WireBytes.message("X"), .terminate),
        ("PasswordMessage", WireBytes.message("p") { $0.cString("hunter2") }, .password),
        ("Query with invalid UTF-8", WireBytes.message("Q") { $0.raw([0x61, 0xFF, 0x62, 0]) }, .query("a\u{FFFD}b")),
    ]

    @Test(arguments: 0..<cases.count)
    func decodesEveryType(index: Int) {
        let testCase = Self.cases[index]
        let events = decodeAll(testCase.bytes, from: .frontend)
        #expect(events == [.frontend(testCase.expected)], "\(testCase.name)")
    }

    @Test func typeLettersMatchTheProtocol() throws {
        for testCase in Self.cases {
            #expect(try borrowedTypeLetter(of: testCase.bytes, from: .frontend) == String(UnicodeScalar(testCase.bytes[0])),
                    "\(testCase.name)")
        }
        #expect(try borrowedTypeLetter(ofUntypedPacket: WireBytes.sslRequest) == "SSLRequest")
        #expect(try borrowedTypeLetter(ofUntypedPacket: WireBytes.gssencRequest) == "GSSENCRequest")
        #expect(try borrowedTypeLetter(ofUntypedPacket: WireBytes.packet { $0.int32(80_877_102).int32(1).int32(2) }) == "CancelRequest")
        #expect(try borrowedTypeLetter(ofUntypedPacket: WireBytes.startup([])) == "startup")
    }

    @Test func allMessagesInOneChunkDecodeInOrder() {
        let stream = Self.cases.flatMap(\.bytes)
        let events = decodeAll(stream, from: .frontend)
        #expect(events == Self.cases.map { .frontend($0.expected) })
    }

    @Test func startupKeepsParametersInOrder() throws {
        let parameters = [("user", "alice"), ("database", "appdb"), ("application_name", "psql"),
                          ("options", "-c search_path=app"), ("client_encoding", "UTF8")]
        var feeder = Feeder(.handshake)
        feeder.send(WireBytes.startup(parameters), from: .frontend)
        let event = try #require(feeder.events.first)
        guard case .frontend(.startup(let startup)) = event else {
            Issue.record("expected a startup message, got \(event)")
            return
        }
        #expect(startup.protocolMajor == 3 && startup.protocolMinor == 0)
        #expect(startup.parameters.map(\.name) == parameters.map(\.0))
        #expect(startup.parameters.map(\.value) == parameters.map(\.1))
        #expect(startup.user == "alice" && startup.database == "appdb" && startup.applicationName == "psql")
        #expect(startup.parameter("options") == "-c search_path=app")
        #expect(feeder.events.count == 1)
    }

    @Test func decoderInitThrowsOnTruncatedBodies() {
        // Parse claiming two parameter types but carrying one.
        let body = WireBytes()
        body.cString("s").cString("SELECT 1").int16(2).int32(23)
        #expect(throws: PGWireError.self) {
            try body.bytes.withUnsafeBytes { try FrontendMessage(typeLetter: UInt8(ascii: "P"), body: $0) }
        }
        // Execute with trailing bytes.
        let execute = WireBytes()
        execute.cString("").int32(0).int8(9)
        #expect(throws: PGWireError.self) {
            try execute.bytes.withUnsafeBytes { try FrontendMessage(typeLetter: UInt8(ascii: "E"), body: $0) }
        }
    }
}
