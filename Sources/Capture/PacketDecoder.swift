/// Decodes one captured frame down to its TCP segment: link layer, IPv4/IPv6, TCP.
///
/// Pure and allocation-free on the success path: the segment's payload points into the frame.
/// Every read is bounds-checked against the captured length, so short or lying headers yield
/// `.malformed` instead of a crash; a frame cut by the snapshot length yields a segment whose
/// `missingPayloadBytes` says how much payload the capture lost.
public enum PacketDecoder {
    /// `DLT_NULL`: BSD loopback, 4-byte address family in the capturing host's byte order.
    public static let linkTypeNull: Int32 = 0
    /// `DLT_EN10MB`: Ethernet, with any number of 802.1Q / 802.1ad VLAN tags.
    public static let linkTypeEthernet: Int32 = 1
    /// `DLT_RAW` on most systems: a bare IPv4 or IPv6 packet.
    public static let linkTypeRaw: Int32 = 12
    /// `DLT_RAW` as OpenBSD numbers it.
    public static let linkTypeRawOpenBSD: Int32 = 14
    /// `LINKTYPE_RAW`, the file-format value of `DLT_RAW` (libpcap usually maps it to 12).
    public static let linkTypeRawFile: Int32 = 101
    /// `DLT_LOOP`: OpenBSD loopback, 4-byte address family in network byte order.
    public static let linkTypeLoop: Int32 = 108
    /// `DLT_LINUX_SLL`: Linux cooked capture v1 (`tcpdump -i any`).
    public static let linkTypeLinuxSLL: Int32 = 113
    /// `DLT_IPV4`: a bare IPv4 packet.
    public static let linkTypeIPv4: Int32 = 228
    /// `DLT_IPV6`: a bare IPv6 packet.
    public static let linkTypeIPv6: Int32 = 229
    /// `DLT_LINUX_SLL2`: Linux cooked capture v2.
    public static let linkTypeLinuxSLL2: Int32 = 276

    /// Whether `tcpSegment(linkType:frame:)` understands frames of this link type.
    public static func isSupported(linkType: Int32) -> Bool {
        switch linkType {
        case linkTypeNull, linkTypeEthernet, linkTypeRaw, linkTypeRawOpenBSD, linkTypeRawFile, linkTypeLoop,
             linkTypeLinuxSLL, linkTypeIPv4, linkTypeIPv6, linkTypeLinuxSLL2:
            return true
        default:
            return false
        }
    }

    /// Decodes `frame` (the captured bytes of one packet of link type `linkType`) to its TCP segment.
    public static func tcpSegment(linkType: Int32, frame: UnsafeRawBufferPointer) -> PacketDecodeResult {
        switch linkType {
        case linkTypeEthernet:
            guard frame.count >= 14 else { return .malformed("truncated Ethernet header") }
            return network(etherType: frame.bigEndianUInt16(at: 12), frame: frame, offset: 14)
        case linkTypeLinuxSLL:
            guard frame.count >= 16 else { return .malformed("truncated Linux cooked (SLL) header") }
            return network(etherType: frame.bigEndianUInt16(at: 14), frame: frame, offset: 16)
        case linkTypeLinuxSLL2:
            guard frame.count >= 20 else { return .malformed("truncated Linux cooked (SLL2) header") }
            return network(etherType: frame.bigEndianUInt16(at: 0), frame: frame, offset: 20)
        case linkTypeNull, linkTypeLoop:
            guard frame.count >= 4 else { return .malformed("truncated loopback header") }
            // The family is in host order for NULL and network order for LOOP, but files travel
            // between machines: accept both orders, the values cannot be confused.
            let networkOrder = frame.bigEndianUInt32(at: 0)
            let littleEndian = networkOrder.byteSwapped
            if networkOrder == 2 || littleEndian == 2 { return ipv4(frame: frame, offset: 4) }
            if isIPv6Family(networkOrder) || isIPv6Family(littleEndian) { return ipv6(frame: frame, offset: 4) }
            return .notTCP
        case linkTypeRaw, linkTypeRawOpenBSD, linkTypeRawFile:
            guard frame.count >= 1 else { return .malformed("empty raw IP packet") }
            switch frame[0] >> 4 {
            case 4: return ipv4(frame: frame, offset: 0)
            case 6: return ipv6(frame: frame, offset: 0)
            default: return .malformed("raw packet is neither IPv4 nor IPv6")
            }
        case linkTypeIPv4:
            return ipv4(frame: frame, offset: 0)
        case linkTypeIPv6:
            return ipv6(frame: frame, offset: 0)
        default:
            return .unsupportedLinkType
        }
    }

    /// BSD `AF_INET6` differs between systems: 24 (NetBSD, OpenBSD), 28 (FreeBSD), 30 (macOS).
    private static func isIPv6Family(_ family: UInt32) -> Bool {
        family == 24 || family == 28 || family == 30
    }

    // Offsets below are sums of header fields and small constants, bounded by the frame's length
    // (a UInt32): wrapping arithmetic cannot wrap, and spares an overflow check per addition.

    /// Dispatches on an EtherType, first skipping 802.1Q (0x8100), 802.1ad (0x88a8) and old QinQ (0x9100) tags.
    @inline(__always)
    private static func network(etherType: UInt16, frame: UnsafeRawBufferPointer, offset: Int) -> PacketDecodeResult {
        var type = etherType
        var offset = offset
        while type == 0x8100 || type == 0x88A8 || type == 0x9100 {
            guard offset &+ 4 <= frame.count else { return .malformed("truncated VLAN tag") }
            type = frame.bigEndianUInt16(at: offset &+ 2)
            offset &+= 4
        }
        switch type {
        case 0x0800: return ipv4(frame: frame, offset: offset)
        case 0x86DD: return ipv6(frame: frame, offset: offset)
        default: return .notTCP
        }
    }

    @inline(__always)
    private static func ipv4(frame: UnsafeRawBufferPointer, offset: Int) -> PacketDecodeResult {
        let available = frame.count &- offset
        guard available >= 20 else { return .malformed("truncated IPv4 header") }
        let versionAndLength = frame[offset]
        guard versionAndLength >> 4 == 4 else { return .malformed("IPv4 header with version \(versionAndLength >> 4)") }
        let headerLength = Int(versionAndLength & 0x0F) &* 4
        guard headerLength >= 20 else { return .malformed("IPv4 header length \(headerLength) below 20") }
        guard headerLength <= available else { return .malformed("truncated IPv4 options") }
        var totalLength = Int(frame.bigEndianUInt16(at: offset &+ 2))
        // A zero total length comes from TCP segmentation offload on the capturing host: the
        // packet is whatever was captured.
        if totalLength == 0 { totalLength = available }
        guard totalLength >= headerLength else {
            return .malformed("IPv4 total length \(totalLength) shorter than its header")
        }
        let fragmentField = frame.bigEndianUInt16(at: offset &+ 6)
        if fragmentField & 0x3FFF != 0 { return .fragment }  // more-fragments flag or a fragment offset
        guard frame[offset &+ 9] == 6 else { return .notTCP }
        let source = IPAddress.v4(frame.bigEndianUInt32(at: offset &+ 12))
        let destination = IPAddress.v4(frame.bigEndianUInt32(at: offset &+ 16))
        return tcp(frame: frame, offset: offset &+ headerLength, end: offset &+ totalLength,
                   source: source, destination: destination)
    }

    @inline(__always)
    private static func ipv6(frame: UnsafeRawBufferPointer, offset: Int) -> PacketDecodeResult {
        let available = frame.count &- offset
        guard available >= 40 else { return .malformed("truncated IPv6 header") }
        guard frame[offset] >> 4 == 6 else { return .malformed("IPv6 header with version \(frame[offset] >> 4)") }
        var payloadLength = Int(frame.bigEndianUInt16(at: offset &+ 4))
        // Zero means a jumbogram or segmentation offload: the packet is whatever was captured.
        if payloadLength == 0 { payloadLength = available &- 40 }
        let end = offset &+ 40 &+ payloadLength
        let capturedEnd = min(end, frame.count)
        let source = IPAddress.v6(frame.bigEndianUInt64(at: offset &+ 8), frame.bigEndianUInt64(at: offset &+ 16))
        let destination = IPAddress.v6(frame.bigEndianUInt64(at: offset &+ 24), frame.bigEndianUInt64(at: offset &+ 32))
        var nextHeader = frame[offset &+ 6]
        var cursor = offset &+ 40
        while true {
            switch nextHeader {
            case 6:
                return tcp(frame: frame, offset: cursor, end: end, source: source, destination: destination)
            case 0, 43, 60, 51:  // hop-by-hop, routing, destination options, authentication header
                guard cursor &+ 2 <= capturedEnd else { return .malformed("truncated IPv6 extension header") }
                let length = nextHeader == 51 ? (Int(frame[cursor &+ 1]) &+ 2) &* 4 : (Int(frame[cursor &+ 1]) &+ 1) &* 8
                nextHeader = frame[cursor]
                cursor &+= length
                guard cursor <= end else { return .malformed("IPv6 extension header longer than the packet") }
            case 44:
                guard cursor &+ 8 <= capturedEnd else { return .malformed("truncated IPv6 fragment header") }
                let offsetAndFlags = frame.bigEndianUInt16(at: cursor &+ 2)
                // An "atomic fragment" (offset 0, no more fragments) is a whole packet (RFC 6946).
                guard offsetAndFlags & 0xFFF9 == 0 else { return .fragment }
                nextHeader = frame[cursor]
                cursor &+= 8
            default:
                return .notTCP
            }
        }
    }

    /// Decodes the TCP header at `offset`; `end` is where the IP packet ends according to its
    /// header, which may lie beyond the captured bytes (snapshot length) or before them (padding).
    @inline(__always)
    private static func tcp(frame: UnsafeRawBufferPointer, offset: Int, end: Int,
                            source: IPAddress, destination: IPAddress) -> PacketDecodeResult {
        let capturedEnd = min(end, frame.count)
        guard end &- offset >= 20 else { return .malformed("IP payload too short for a TCP header") }
        guard capturedEnd &- offset >= 20 else { return .malformed("TCP header cut off by the snapshot length") }
        let headerLength = Int(frame[offset &+ 12] >> 4) &* 4
        guard headerLength >= 20 else { return .malformed("TCP data offset \(headerLength) below 20") }
        guard offset &+ headerLength <= end else { return .malformed("TCP header longer than the IP payload") }
        guard offset &+ headerLength <= capturedEnd else {
            return .malformed("TCP options cut off by the snapshot length")
        }
        let payloadStart = offset &+ headerLength
        let segment = TCPSegment(
            source: Endpoint(address: source, port: frame.bigEndianUInt16(at: offset)),
            destination: Endpoint(address: destination, port: frame.bigEndianUInt16(at: offset &+ 2)),
            sequence: frame.bigEndianUInt32(at: offset &+ 4),
            acknowledgment: frame.bigEndianUInt32(at: offset &+ 8),
            flags: TCPFlags(rawValue: frame[offset &+ 13] & 0x3F),
            payload: UnsafeRawBufferPointer(rebasing: frame[payloadStart..<capturedEnd]),
            missingPayloadBytes: end &- capturedEnd)
        return .segment(segment)
    }
}

extension UnsafeRawBufferPointer {
    // Callers check `offset + size <= count` first; these only spell out the byte order.
    @inline(__always)
    func bigEndianUInt16(at offset: Int) -> UInt16 {
        UInt16(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    @inline(__always)
    func bigEndianUInt32(at offset: Int) -> UInt32 {
        UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always)
    func bigEndianUInt64(at offset: Int) -> UInt64 {
        UInt64(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
