import PGWire

/// Test-only encoder: builds protocol v3 bytes by hand, the way a client or server would send them.
final class WireBytes {
    private(set) var bytes: [UInt8] = []

    init() {}


    @discardableResult
    func int8(_ value: UInt8) -> WireBytes { bytes.append(value); return self }

    @discardableResult
    func int16(_ value: Int16) -> WireBytes {
        let bits = UInt16(bitPattern: value)
        bytes += [UInt8(bits >> 8), UInt8(bits & 0xFF)]
        return self
    }

    @discardableResult
    func int32(_ value: Int32) -> WireBytes {
        let bits = UInt32(bitPattern: value)
        bytes += [UInt8(bits >> 24), UInt8((bits >> 16) & 0xFF), UInt8((bits >> 8) & 0xFF), UInt8(bits & 0xFF)]
        return self
    }

    @discardableResult
    func cString(_ text: String) -> WireBytes { bytes += Array(text.utf8) + [0]; return self }

    @discardableResult
    func raw(_ data: [UInt8]) -> WireBytes { bytes += data; return self }

    /// A length-prefixed value; nil encodes SQL NULL (-1).
    @discardableResult
    func value(_ data: [UInt8]?) -> WireBytes {
        guard let data else { return int32(-1) }
        int32(Int32(data.count))
        return raw(data)
    }

    /// A typed message: type letter, Int32 length including itself, then the body built by `body`.
    static func message(_ letter: Character, _ body: (WireBytes) -> Void = { _ in }) -> [UInt8] {
        let content = WireBytes()
        body(content)
        let out = WireBytes()
        out.int8(letter.asciiValue!)
        out.int32(Int32(content.bytes.count + 4))
        out.raw(content.bytes)
        return out.bytes
    }

    /// An untyped startup-phase packet: Int32 length including itself, then the body.
    static func packet(_ body: (WireBytes) -> Void) -> [UInt8] {
        let content = WireBytes()
        body(content)
        let out = WireBytes()
        out.int32(Int32(content.bytes.count + 4))
        out.raw(content.bytes)
        return out.bytes
    }

    static let sslRequest = packet { $0.int32(80_877_103) }
    static let gssencRequest = packet { $0.int32(80_877_104) }

    static func startup(_ parameters: [(String, String)], major: Int16 = 3, minor: Int16 = 0) -> [UInt8] {
        packet { p in
            p.int16(major).int16(minor)
            for (name, value) in parameters { p.cString(name).cString(value) }
            p.int8(0)
        }
    }

    static func readyForQuery(_ status: Character = "I") -> [UInt8] {
        message("Z") { $0.int8(status.asciiValue!) }
    }

    static func commandComplete(_ tag: String) -> [UInt8] { message("C") { $0.cString(tag) } }

    static func dataRow(_ values: [[UInt8]?]) -> [UInt8] {
        message("D") { m in
            m.int16(Int16(values.count))
            for value in values { m.value(value) }
        }
    }

    static func query(_ text: String) -> [UInt8] { message("Q") { $0.cString(text) } }
}

/// Feeds chunks to a decoder and collects everything it emits (including `finish()` when asked).
struct Feeder {
    var decoder: ConnectionDecoder
    private(set) var events: [WireEvent] = []

    init(_ start: ConnectionDecoder.Start) {
        decoder = ConnectionDecoder(start: start)
    }

    mutating func send(_ bytes: [UInt8], from sender: Sender) {
        var collected: [WireEvent] = []
        bytes.withUnsafeBytes { buffer in
            decoder.receive(buffer, from: sender) { collected.append(WireEvent($0)) }
        }
        events += collected
    }

    mutating func lose(_ count: Int, from sender: Sender) {
        var collected: [WireEvent] = []
        decoder.lost(count, from: sender) { collected.append(WireEvent($0)) }
        events += collected
    }

    mutating func finish() {
        var collected: [WireEvent] = []
        decoder.finish { collected.append(WireEvent($0)) }
        events += collected
    }
}

/// The type letter the decoder reports for a whole typed message (`bytes` starts with its type byte).
func borrowedTypeLetter(of bytes: [UInt8], from sender: Sender) throws -> String {
    try bytes.withUnsafeBytes { raw throws(PGWireError) in
        let body = UnsafeRawBufferPointer(rebasing: raw[5...])
        switch sender {
        case .frontend: return try BorrowedFrontendMessage(typeLetter: raw[0], body: body).typeLetter
        case .backend: return try BorrowedBackendMessage(typeLetter: raw[0], body: body).typeLetter
        }
    }
}

/// The type letter the decoder reports for an untyped startup-phase packet (`packet` starts with its length).
func borrowedTypeLetter(ofUntypedPacket packet: [UInt8]) throws -> String {
    try packet.withUnsafeBytes { raw throws(PGWireError) in
        try BorrowedFrontendMessage(untypedPacket: UnsafeRawBufferPointer(rebasing: raw[4...])).typeLetter
    }
}

/// Decodes one direction's bytes in a single chunk.
func decodeAll(_ bytes: [UInt8], from sender: Sender, start: ConnectionDecoder.Start = .handshake,
               afterStartup: Bool = true) -> [WireEvent] {
    var feeder = Feeder(start)
    if start == .handshake && afterStartup {
        feeder.send(WireBytes.startup([("user", "u")]), from: .frontend)
    }
    let before = feeder.events.count
    feeder.send(bytes, from: sender)
    return Array(feeder.events[before...])
}
