import Foundation
import LiveTestSupport

/// The secrets of one SCRAM-SHA-256 exchange as they crossed the wire, read from the raw pcap bytes, so a
/// test can prove none of them reached anything pgrehearse writes or prints.
struct ScramSecrets {
    /// Client nonce plus server nonce (server-first-message `r=`).
    var combinedNonce: String
    /// The client's part of it (client-first-message `r=`).
    var clientNonce: String
    /// Base64 salt (server-first-message `s=`).
    var salt: String
    /// Base64 client proof (client-final-message `p=`).
    var proof: String
    /// Base64 server signature (server-final-message `v=`).
    var serverSignature: String

    /// Every secret byte string, each long enough (16+ characters) not to occur by chance.
    var all: [String] {
        [combinedNonce, clientNonce, String(combinedNonce.dropFirst(clientNonce.count)), salt, proof, serverSignature]
    }

    /// Finds the exchange in raw capture bytes (the SCRAM messages are ASCII inside the packets).
    static func find(in capture: [UInt8]) throws -> ScramSecrets {
        // Non-ASCII bytes become NUL, so the text is the capture byte for byte and no pattern spans them.
        let text = String(decoding: capture.map { $0 < 0x80 ? $0 : 0 }, as: UTF8.self)
        // Nonces are printable ASCII except ','; base64 ends at the first byte outside its alphabet.
        guard let serverFirst = text.firstMatch(of: /r=([\x21-\x2B\x2D-\x7E]+),s=([A-Za-z0-9+\/]+=*),i=[0-9]+/),
              let clientFirst = text.firstMatch(of: /n,,n=[^,]*,r=([\x21-\x2B\x2D-\x7E]+)/),
              let clientFinal = text.firstMatch(of: /c=biws,r=([\x21-\x2B\x2D-\x7E]+),p=([A-Za-z0-9+\/]{43}=)/),
              let serverFinal = text.firstMatch(of: /v=([A-Za-z0-9+\/]{43}=)/)
        else {
            throw LiveTestFailure("the capture holds no complete SCRAM-SHA-256 exchange")
        }
        let combined = String(serverFirst.output.1)
        guard String(clientFinal.output.1) == combined else {
            throw LiveTestFailure("the client-final nonce differs from the server-first nonce")
        }
        // The client-first message ends the packet, so the match may run into the next record's bytes:
        // the client nonce is the part the combined nonce starts with.
        let clientCandidate = String(clientFirst.output.1)
        let clientNonce = String(zip(clientCandidate, combined).prefix { $0 == $1 }.map(\.0))
        guard clientNonce.count >= 16, combined.count > clientNonce.count + 16 else {
            throw LiveTestFailure("unexpected SCRAM nonce lengths: client \(clientNonce.count), combined \(combined.count)")
        }
        return ScramSecrets(combinedNonce: combined, clientNonce: clientNonce, salt: String(serverFirst.output.2),
                            proof: String(clientFinal.output.2), serverSignature: String(serverFinal.output.1))
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs anywhere in these bytes.
    func containsBytes(_ needle: some Collection<UInt8>) -> Bool {
        let pattern = Array(needle)
        guard let first = pattern.first, pattern.count <= count else { return pattern.isEmpty }
        var index = startIndex
        while let start = self[index...].firstIndex(of: first) {
            if start + pattern.count > endIndex { return false }
            if self[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
            index = start + 1
        }
        return false
    }
}
