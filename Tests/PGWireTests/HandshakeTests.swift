import Testing
@testable import PGWire

@Suite struct HandshakeTests {
    static let startupParameters = [("user", "bench"), ("database", "bench"), ("application_name", "pgbench")]
    static var startupMessage: FrontendMessage {
        .startup(StartupMessage(protocolMajor: 3, protocolMinor: 0,
                                parameters: startupParameters.map { (name: $0.0, value: $0.1) }))
    }

    @Test func sslRefusedThenStartupThenTypedMessages() {
        var feeder = Feeder(.handshake)
        feeder.send(WireBytes.sslRequest, from: .frontend)
        feeder.send([UInt8(ascii: "N")], from: .backend)
        feeder.send(WireBytes.startup(Self.startupParameters), from: .frontend)
        feeder.send(WireBytes.message("R") { $0.int32(0) }
                    + WireBytes.message("S") { $0.cString("server_version").cString("15.18") }
                    + WireBytes.message("K") { $0.int32(1234).int32(5678) }
                    + WireBytes.readyForQuery(), from: .backend)
        feeder.send(WireBytes.query("SELECT 1"), from: .frontend)
        feeder.send(WireBytes.commandComplete("SELECT 1") + WireBytes.readyForQuery(), from: .backend)
        feeder.send(WireBytes.message("X"), from: .frontend)
        feeder.finish()
        #expect(feeder.events == [
            .frontend(.sslRequest),
            .backend(.sslResponse(accepted: false)),
            .frontend(Self.startupMessage),
            .backend(.authentication(.ok)),
            .backend(.parameterStatus(name: "server_version", value: "15.18")),
            .backend(.backendKeyData(processID: 1234)),
            .backend(.readyForQuery(.idle)),
            .frontend(.query("SELECT 1")),
            .backend(.commandComplete(tag: "SELECT 1")),
            .backend(.readyForQuery(.idle)),
            .frontend(.terminate),
        ])
        #expect(!feeder.decoder.isStopped)
    }

    @Test func sslAcceptedStopsDecodingAndIgnoresLaterBytes() {
        var feeder = Feeder(.handshake)
        feeder.send(WireBytes.sslRequest, from: .frontend)
        // 'S', then what would be a TLS ServerHello in the same segment.
        feeder.send([UInt8(ascii: "S"), 0x16, 0x03, 0x03, 0x00, 0x40], from: .backend)
        #expect(feeder.events == [.frontend(.sslRequest), .backend(.sslResponse(accepted: true)), .encrypted(.tls)])
        #expect(feeder.decoder.isStopped)
        // Encrypted bytes that happen to look like messages must not be decoded.
        feeder.send(WireBytes.query("SELECT 1"), from: .frontend)
        feeder.send(WireBytes.readyForQuery(), from: .backend)
        feeder.finish()
        #expect(feeder.events.count == 3)
    }

    @Test func gssAccepted() {
        var feeder = Feeder(.handshake)
        feeder.send(WireBytes.gssencRequest, from: .frontend)
        feeder.send([UInt8(ascii: "G")], from: .backend)
        feeder.send([0x00, 0x00, 0x00, 0x10, 1, 2, 3], from: .frontend)
        #expect(feeder.events == [.frontend(.gssencRequest), .backend(.gssResponse(accepted: true)), .encrypted(.gss)])
        #expect(feeder.decoder.isStopped)
    }

    @Test func gssRefusedThenSSLRefusedThenStartup() {
        var feeder = Feeder(.handshake)
        feeder.send(WireBytes.gssencRequest, from: .frontend)
        feeder.send([UInt8(ascii: "N")], from: .backend)
        feeder.send(WireBytes.sslRequest, from: .frontend)
        feeder.send([UInt8(ascii: "N")], from: .backend)
        feeder.send(WireBytes.startup(Self.startupParameters), from: .frontend)
        feeder.send(WireBytes.message("R") { $0.int32(0) }, from: .backend)
        #expect(feeder.events == [
            .frontend(.gssencRequest), .backend(.gssResponse(accepted: false)),
            .frontend(.sslRequest), .backend(.sslResponse(accepted: false)),
            .frontend(Self.startupMessage), .backend(.authentication(.ok)),
        ])
    }

    @Test func serverWithoutSSLAnswersWithErrorResponse() {
        var feeder = Feeder(.handshake)
        feeder.send(WireBytes.sslRequest, from: .frontend)
        feeder.send(WireBytes.message("E") { $0.int8(UInt8(ascii: "M")).cString("unsupported").int8(0) }, from: .backend)
        #expect(feeder.events == [
            .frontend(.sslRequest),
            .backend(.errorResponse(ErrorFields(fields: [(UInt8(ascii: "M"), "unsupported")]))),
        ])
    }

    @Test func invalidAnswerByteStops() throws {
        var feeder = Feeder(.handshake)
        feeder.send(WireBytes.sslRequest, from: .frontend)
        feeder.send([UInt8(ascii: "X")], from: .backend)
        guard case .stopped(.backend, let reason) = try #require(feeder.events.last) else {
            Issue.record("expected a stop, got \(feeder.events)")
            return
        }
        #expect(reason.contains("SSLRequest"))
    }

    @Test func cancelRequestKeepsOnlyTheProcessID() {
        var feeder = Feeder(.handshake)
        let secret: Int32 = 0x5EC2_E7AB
        feeder.send(WireBytes.packet { $0.int32(80_877_102).int32(31337).int32(secret) }, from: .frontend)
        feeder.finish()
        #expect(feeder.events == [.frontend(.cancelRequest(processID: 31337))])
        #expect(!String(describing: feeder.events).contains(String(secret)))
    }

    @Test func dataAfterCancelRequestStops() throws {
        var feeder = Feeder(.handshake)
        feeder.send(WireBytes.packet { $0.int32(80_877_102).int32(1).int32(2) } + WireBytes.query("x"), from: .frontend)
        #expect(feeder.events.first == .frontend(.cancelRequest(processID: 1)))
        guard case .stopped(.frontend, let reason) = try #require(feeder.events.last) else {
            Issue.record("expected a stop, got \(feeder.events)")
            return
        }
        #expect(reason.contains("CancelRequest"))
    }

    @Test func directTLSClientHelloIsEncrypted() {
        var feeder = Feeder(.handshake)
        feeder.send([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC], from: .frontend)
        #expect(feeder.events == [.encrypted(.tls)])
        #expect(feeder.decoder.isStopped)
    }

    @Test func unsupportedProtocolVersionStops() throws {
        var feeder = Feeder(.handshake)
        feeder.send(WireBytes.startup([("user", "u")], major: 2, minor: 0), from: .frontend)
        guard case .stopped(.frontend, let reason) = try #require(feeder.events.first) else {
            Issue.record("expected a stop, got \(feeder.events)")
            return
        }
        #expect(reason.contains("protocol version 2.0"))
        #expect(reason.contains("stream offset 0"))
    }

    @Test func absurdStartupLengthStops() throws {
        var feeder = Feeder(.handshake)
        feeder.send([0x00, 0x10, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00], from: .frontend)
        guard case .stopped(.frontend, let reason) = try #require(feeder.events.first) else {
            Issue.record("expected a stop, got \(feeder.events)")
            return
        }
        #expect(reason.contains("invalid startup packet length 1048576"))
    }

    @Test func startupSplitAcrossChunksAndFollowedByTypedMessageInSameChunk() {
        let startup = WireBytes.startup(Self.startupParameters)
        let stream = WireBytes.sslRequest + startup + WireBytes.query("SELECT 1")
        for split in 1..<stream.count {
            var feeder = Feeder(.handshake)
            feeder.send(Array(stream[..<split]), from: .frontend)
            feeder.send(Array(stream[split...]), from: .frontend)
            #expect(feeder.events == [.frontend(.sslRequest), .frontend(Self.startupMessage), .frontend(.query("SELECT 1"))],
                    "split at \(split)")
        }
    }

    @Test func finishReportsIncompleteBytesPerDirection() {
        var feeder = Feeder(.handshake)
        feeder.send(WireBytes.startup(Self.startupParameters), from: .frontend)
        feeder.send(Array(WireBytes.query("SELECT 42").prefix(7)), from: .frontend)
        feeder.send(Array(WireBytes.readyForQuery().prefix(3)), from: .backend)
        feeder.finish()
        feeder.finish()
        #expect(Array(feeder.events.dropFirst()) == [.incomplete(.frontend, bytes: 7), .incomplete(.backend, bytes: 3)])
    }
}
