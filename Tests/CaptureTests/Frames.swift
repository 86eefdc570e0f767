import Capture

/// Builds link-layer frames byte by byte for decoder tests, with the fields spelled out.
enum Frames {
    static let clientV4: UInt32 = 0x0A00_0001  // 10.0.0.1
    static let serverV4: UInt32 = 0x0A00_0002  // 10.0.0.2

    static func bigEndian(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
    static func bigEndian(_ value: UInt32) -> [UInt8] { bigEndian(UInt16(value >> 16)) + bigEndian(UInt16(value & 0xFFFF)) }
    static func bigEndian(_ value: UInt64) -> [UInt8] { bigEndian(UInt32(value >> 32)) + bigEndian(UInt32(value & 0xFFFF_FFFF)) }
    static func littleEndian(_ value: UInt32) -> [UInt8] { bigEndian(value).reversed() }

    /// A TCP header (20 bytes plus `options`, which must be a multiple of 4) followed by `payload`.
    static func tcp(sourcePort: UInt16 = 40000, destinationPort: UInt16 = 5432, sequence: UInt32 = 1000,
                    acknowledgment: UInt32 = 2000, flags: UInt8 = 0x18, options: [UInt8] = [],
                    dataOffsetWords: UInt8? = nil, payload: [UInt8] = []) -> [UInt8] {
        let words = dataOffsetWords ?? UInt8((20 + options.count) / 4)
        return bigEndian(sourcePort) + bigEndian(destinationPort) + bigEndian(sequence) + bigEndian(acknowledgment)
            + [words << 4, flags] + bigEndian(UInt16(65535)) + [0, 0, 0, 0] + options + payload
    }

    /// An IPv4 header (with `options`, a multiple of 4) followed by `payload`.
    static func ipv4(source: UInt32 = clientV4, destination: UInt32 = serverV4, protocolNumber: UInt8 = 6,
                     options: [UInt8] = [], fragmentField: UInt16 = 0x4000, totalLength: UInt16? = nil,
                     payload: [UInt8]) -> [UInt8] {
        let headerLength = 20 + options.count
        let total = totalLength ?? UInt16(headerLength + payload.count)
        return [0x40 | UInt8(headerLength / 4), 0] + bigEndian(total) + bigEndian(UInt16(0x1234))
            + bigEndian(fragmentField) + [64, protocolNumber, 0, 0] + bigEndian(source) + bigEndian(destination)
            + options + payload
    }

    /// An IPv6 header followed by `payload` (extension headers included), `nextHeader` naming the first.
    static func ipv6(source: (UInt64, UInt64) = (0x2001_0db8_0000_0000, 1),
                     destination: (UInt64, UInt64) = (0x2001_0db8_0000_0000, 2),
                     nextHeader: UInt8 = 6, payloadLength: UInt16? = nil, payload: [UInt8]) -> [UInt8] {
        [0x60, 0, 0, 0] + bigEndian(payloadLength ?? UInt16(payload.count)) + [nextHeader, 64]
            + bigEndian(source.0) + bigEndian(source.1) + bigEndian(destination.0) + bigEndian(destination.1) + payload
    }

    /// An Ethernet II header with optional VLAN tags (`(tpid, tci)` pairs), then `payload`.
    static func ethernet(etherType: UInt16, vlanTags: [(UInt16, UInt16)] = [], payload: [UInt8]) -> [UInt8] {
        var frame: [UInt8] = [0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01]
        for (tpid, tci) in vlanTags { frame += bigEndian(tpid) + bigEndian(tci) }
        return frame + bigEndian(etherType) + payload
    }

    /// A Linux cooked v1 header (16 bytes) for `protocolType`, then `payload`.
    static func linuxSLL(protocolType: UInt16, payload: [UInt8]) -> [UInt8] {
        bigEndian(UInt16(0)) + bigEndian(UInt16(772)) + bigEndian(UInt16(6)) + [0, 0, 0, 0, 0, 0, 0, 0]
            + bigEndian(protocolType) + payload
    }

    /// A Linux cooked v2 header (20 bytes) for `protocolType`, then `payload`.
    static func linuxSLL2(protocolType: UInt16, payload: [UInt8]) -> [UInt8] {
        bigEndian(protocolType) + [0, 0] + bigEndian(UInt32(1)) + bigEndian(UInt16(772)) + [0, 6]
            + [0, 0, 0, 0, 0, 0, 0, 0] + payload
    }
}

/// A decode result with every field copied out of the frame, so tests can compare values.
enum Decoded: Equatable {
    case segment(source: Endpoint, destination: Endpoint, sequence: UInt32, acknowledgment: UInt32,
                 flags: TCPFlags, payload: [UInt8], missing: Int)
    case notTCP
    case unsupportedLinkType
    case malformed(String)
    case fragment

    init(linkType: Int32, frame: [UInt8]) {
        self = frame.withUnsafeBytes { raw in
            switch PacketDecoder.tcpSegment(linkType: linkType, frame: raw) {
            case .segment(let segment):
                return .segment(source: segment.source, destination: segment.destination,
                                sequence: segment.sequence, acknowledgment: segment.acknowledgment,
                                flags: segment.flags, payload: Array(segment.payload),
                                missing: segment.missingPayloadBytes)
            case .notTCP: return .notTCP
            case .unsupportedLinkType: return .unsupportedLinkType
            case .malformed(let reason): return .malformed(reason)
            case .fragment: return .fragment
            }
        }
    }

    var isMalformed: Bool {
        if case .malformed = self { return true }
        return false
    }

    var payload: [UInt8]? {
        if case .segment(_, _, _, _, _, let payload, _) = self { return payload }
        return nil
    }
}
