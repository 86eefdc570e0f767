import Testing
@testable import PGWire

/// Credentials cross the wire during authentication; none of them may survive decoding.
@Suite struct SecretsTests {
    static let clientNonce = "rOprNGfwEbeRWgbNEkqO"
    static let serverNonce = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
    static let salt = "W22ZaJ0SNY7soEsUEjb6gQ=="
    static let proof = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
    static let serverSignature = "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
    static let password = "correct horse battery staple"

    @Test func scramExchangeYieldsOnlyCodes() {
        var feeder = Feeder(.handshake)
        feeder.send(WireBytes.startup([("user", "alice")]), from: .frontend)
        feeder.send(WireBytes.message("R") { $0.int32(10).cString("SCRAM-SHA-256").int8(0) }, from: .backend)
        let clientFirst = "n,,n=,r=\(Self.clientNonce)"
        feeder.send(WireBytes.message("p") { m in
            m.cString("SCRAM-SHA-256").int32(Int32(clientFirst.utf8.count)).raw(Array(clientFirst.utf8))
        }, from: .frontend)
        feeder.send(WireBytes.message("R") { m in
            m.int32(11).raw(Array("r=\(Self.serverNonce),s=\(Self.salt),i=4096".utf8))
        }, from: .backend)
        feeder.send(WireBytes.message("p") { m in
            m.raw(Array("c=biws,r=\(Self.serverNonce),p=\(Self.proof)".utf8))
        }, from: .frontend)
        feeder.send(WireBytes.message("R") { $0.int32(12).raw(Array("v=\(Self.serverSignature)".utf8)) }
                    + WireBytes.message("R") { $0.int32(0) } + WireBytes.readyForQuery(), from: .backend)
        #expect(Array(feeder.events.dropFirst()) == [
            .backend(.authentication(.sasl(mechanisms: ["SCRAM-SHA-256"]))),
            .frontend(.password),
            .backend(.authentication(.saslContinue)),
            .frontend(.password),
            .backend(.authentication(.saslFinal)),
            .backend(.authentication(.ok)),
            .backend(.readyForQuery(.idle)),
        ])
        let text = feeder.events.map { String(describing: $0) + String(reflecting: $0) }.joined()
        for secret in [Self.clientNonce, Self.salt, Self.proof, Self.serverSignature, "r=", "p="] {
            #expect(!text.contains(secret), "\(secret) leaked into an event")
        }
    }

    @Test func passwordAndMD5SaltAreDropped() {
        var feeder = Feeder(.handshake)
        feeder.send(WireBytes.startup([("user", "bob")]), from: .frontend)
        let salt: [UInt8] = [0xDE, 0xAD, 0xBE, 0xEF]
        feeder.send(WireBytes.message("R") { $0.int32(5).raw(salt) }, from: .backend)
        feeder.send(WireBytes.message("p") { $0.cString(Self.password) }, from: .frontend)
        feeder.send(WireBytes.message("R") { $0.int32(3) }, from: .backend)
        feeder.send(WireBytes.message("p") { $0.cString("md5" + Self.password) }, from: .frontend)
        #expect(Array(feeder.events.dropFirst()) == [
            .backend(.authentication(.md5Password)), .frontend(.password),
            .backend(.authentication(.cleartextPassword)), .frontend(.password),
        ])
        let text = feeder.events.map { String(reflecting: $0) }.joined()
        #expect(!text.contains(Self.password))
        #expect(!text.contains("222, 173, 190, 239") && !text.contains("3735928559"))
    }

    @Test func backendSecretKeyIsDropped() {
        let events = decodeAll(WireBytes.message("K") { $0.int32(99).int32(0x1234_5678) }, from: .backend)
        #expect(events == [.backend(.backendKeyData(processID: 99))])
        #expect(!String(reflecting: events).contains(String(0x1234_5678)))
    }
}
