import TestSupport
import Capture
import Testing

@Suite struct PacketDecoderTests {
    let payload: [UInt8] = Array("SELECT 1".utf8)
    var tcp: [UInt8] { Frames.tcp(sequence: 0x0102_0304, acknowledgment: 0xA0B0_C0D0, flags: 0x18, payload: payload) }
    var ipv4Packet: [UInt8] { Frames.ipv4(payload: tcp) }
    var ipv6Packet: [UInt8] { Frames.ipv6(payload: tcp) }

    let v4Client = Endpoint(address: .v4(0x0A00_0001), port: 40000)
    let v4Server = Endpoint(address: .v4(0x0A00_0002), port: 5432)
    let v6Client = Endpoint(address: .v6(0x2001_0db8_0000_0000, 1), port: 40000)
    let v6Server = Endpoint(address: .v6(0x2001_0db8_0000_0000, 2), port: 5432)

    var expectedV4: Decoded {
        .segment(source: v4Client, destination: v4Server, sequence: 0x0102_0304, acknowledgment: 0xA0B0_C0D0,
                 flags: [.psh, .ack], payload: payload, missing: 0)
    }
    var expectedV6: Decoded {
        .segment(source: v6Client, destination: v6Server, sequence: 0x0102_0304, acknowledgment: 0xA0B0_C0D0,
                 flags: [.psh, .ack], payload: payload, missing: 0)
    }

    @Test func ethernetIPv4() {
        let frame = Frames.ethernet(etherType: 0x0800, payload: ipv4Packet)
        #expect(frame.count == 14 + 20 + 20 + payload.count)
        #expect(Decoded(linkType: 1, frame: frame) == expectedV4)
    }

    @Test func ethernetIPv6() {
        #expect(Decoded(linkType: 1, frame: Frames.ethernet(etherType: 0x86DD, payload: ipv6Packet)) == expectedV6)
    }

    @Test func vlanTags() {
        let single = Frames.ethernet(etherType: 0x0800, vlanTags: [(0x8100, 42)], payload: ipv4Packet)
        #expect(Decoded(linkType: 1, frame: single) == expectedV4)
        let qinq = Frames.ethernet(etherType: 0x86DD, vlanTags: [(0x88A8, 7), (0x8100, 42)], payload: ipv6Packet)
        #expect(Decoded(linkType: 1, frame: qinq) == expectedV6)
        let cut = Array(Frames.ethernet(etherType: 0x0800, vlanTags: [(0x8100, 42)], payload: [])[..<16])
        #expect(Decoded(linkType: 1, frame: cut) == .malformed("truncated VLAN tag"))
    }

    @Test func linuxCookedCaptures() {
        #expect(Decoded(linkType: 113, frame: Frames.linuxSLL(protocolType: 0x0800, payload: ipv4Packet)) == expectedV4)
        #expect(Decoded(linkType: 113, frame: Frames.linuxSLL(protocolType: 0x86DD, payload: ipv6Packet)) == expectedV6)
        #expect(Decoded(linkType: 276, frame: Frames.linuxSLL2(protocolType: 0x0800, payload: ipv4Packet)) == expectedV4)
        #expect(Decoded(linkType: 276, frame: Frames.linuxSLL2(protocolType: 0x86DD, payload: ipv6Packet)) == expectedV6)
        #expect(Decoded(linkType: 113, frame: Frames.linuxSLL(protocolType: 0x0806, payload: [0, 1, 8, 0])) == .notTCP)
    }

    @Test func bsdLoopbackInEitherByteOrder() {
        // DLT_NULL: host order of the capturing machine (little-endian here); DLT_LOOP: network order.
        #expect(Decoded(linkType: 0, frame: Frames.littleEndian(2) + ipv4Packet) == expectedV4)
        #expect(Decoded(linkType: 0, frame: Frames.bigEndian(UInt32(2)) + ipv4Packet) == expectedV4)
        #expect(Decoded(linkType: 108, frame: Frames.bigEndian(UInt32(2)) + ipv4Packet) == expectedV4)
        for family: UInt32 in [24, 28, 30] {
            #expect(Decoded(linkType: 0, frame: Frames.littleEndian(family) + ipv6Packet) == expectedV6)
            #expect(Decoded(linkType: 108, frame: Frames.bigEndian(family) + ipv6Packet) == expectedV6)
        }
        #expect(Decoded(linkType: 0, frame: Frames.littleEndian(7) + ipv4Packet) == .notTCP)
        #expect(Decoded(linkType: 0, frame: [2, 0, 0]) == .malformed("truncated loopback header"))
    }

    @Test func rawIP() {
        for linkType: Int32 in [12, 14, 101] {
            #expect(Decoded(linkType: linkType, frame: ipv4Packet) == expectedV4)
            #expect(Decoded(linkType: linkType, frame: ipv6Packet) == expectedV6)
        }
        #expect(Decoded(linkType: 228, frame: ipv4Packet) == expectedV4)
        #expect(Decoded(linkType: 229, frame: ipv6Packet) == expectedV6)
        #expect(Decoded(linkType: 12, frame: [0x50] + ipv4Packet.dropFirst()).isMalformed)
        #expect(Decoded(linkType: 12, frame: []).isMalformed)
    }

    @Test func ipv4Options() {
        // 8 bytes of options (NOP NOP + a 6-byte timestamp-like option): IHL 7.
        let options: [UInt8] = [1, 1, 0x44, 6, 5, 0, 0, 0]
        let packet = Frames.ipv4(options: options, payload: tcp)
        #expect(packet[0] == 0x47)
        #expect(Decoded(linkType: 12, frame: packet) == expectedV4)
        var tooShort = packet
        tooShort[0] = 0x44  // IHL 4 = 16 bytes
        #expect(Decoded(linkType: 12, frame: tooShort) == .malformed("IPv4 header length 16 below 20"))
    }

    @Test func tcpOptionsAreSkipped() {
        let options: [UInt8] = [2, 4, 0x05, 0xB4, 1, 1, 4, 2]  // MSS, NOP, NOP, SACK permitted
        let segment = Frames.tcp(sequence: 0x0102_0304, acknowledgment: 0xA0B0_C0D0, options: options, payload: payload)
        #expect(Decoded(linkType: 12, frame: Frames.ipv4(payload: segment)) == expectedV4)
        let badOffset = Frames.tcp(dataOffsetWords: 4, payload: payload)
        #expect(Decoded(linkType: 12, frame: Frames.ipv4(payload: badOffset)) == .malformed("TCP data offset 16 below 20"))
        let pastEnd = Frames.tcp(dataOffsetWords: 15, payload: [])
        #expect(Decoded(linkType: 12, frame: Frames.ipv4(payload: pastEnd)) == .malformed("TCP header longer than the IP payload"))
    }

    @Test func ipv6ExtensionHeaders() {
        // Hop-by-hop (8 bytes) → destination options (16 bytes) → routing (8 bytes) → TCP.
        let hopByHop: [UInt8] = [60, 0, 1, 4, 0, 0, 0, 0]
        let destinationOptions: [UInt8] = [43, 1, 1, 12] + [UInt8](repeating: 0, count: 12)
        let routing: [UInt8] = [6, 0, 0, 0, 0, 0, 0, 0]
        let packet = Frames.ipv6(nextHeader: 0, payload: hopByHop + destinationOptions + routing + tcp)
        #expect(Decoded(linkType: 229, frame: packet) == expectedV6)
    }

    @Test func fragments() {
        let moreFragments = Frames.ipv4(fragmentField: 0x2000, payload: tcp)
        #expect(Decoded(linkType: 12, frame: moreFragments) == .fragment)
        let laterFragment = Frames.ipv4(fragmentField: 0x0010, payload: tcp)
        #expect(Decoded(linkType: 12, frame: laterFragment) == .fragment)
        let firstOfSeveral: [UInt8] = [6, 0, 0x00, 0x01, 0, 0, 0, 9]  // offset 0, M = 1
        #expect(Decoded(linkType: 229, frame: Frames.ipv6(nextHeader: 44, payload: firstOfSeveral + tcp)) == .fragment)
        let atomic: [UInt8] = [6, 0, 0x00, 0x00, 0, 0, 0, 9]  // offset 0, M = 0: a whole packet
        #expect(Decoded(linkType: 229, frame: Frames.ipv6(nextHeader: 44, payload: atomic + tcp)) == expectedV6)
    }

    @Test func ethernetPaddingIsStripped() {
        // A bare ACK is 54 bytes; Ethernet pads it to 60 with junk that must not become payload.
        let ack = Frames.ipv4(payload: Frames.tcp(sequence: 0x0102_0304, acknowledgment: 0xA0B0_C0D0, flags: 0x10))
        let frame = Frames.ethernet(etherType: 0x0800, payload: ack) + [0xDE, 0xAD, 0xBE, 0xEF, 0x55, 0x66]
        #expect(frame.count == 60)
        #expect(Decoded(linkType: 1, frame: frame) == .segment(
            source: v4Client, destination: v4Server, sequence: 0x0102_0304, acknowledgment: 0xA0B0_C0D0,
            flags: .ack, payload: [], missing: 0))
        let v6Frame = Frames.ethernet(etherType: 0x86DD, payload: ipv6Packet) + [0, 0, 0, 0]
        #expect(Decoded(linkType: 1, frame: v6Frame) == expectedV6)
    }

    @Test func snapshotLengthCutIsReported() {
        let frame = Frames.ethernet(etherType: 0x0800, payload: ipv4Packet)
        let cut = Array(frame[..<(frame.count - 5)])
        #expect(Decoded(linkType: 1, frame: cut) == .segment(
            source: v4Client, destination: v4Server, sequence: 0x0102_0304, acknowledgment: 0xA0B0_C0D0,
            flags: [.psh, .ack], payload: Array(payload[..<3]), missing: 5))
        let v6Cut = Array(ipv6Packet[..<(ipv6Packet.count - 2)])
        #expect(Decoded(linkType: 12, frame: v6Cut).payload == Array(payload[..<6]))
        let headerCut = Array(frame[..<(14 + 20 + 10)])
        #expect(Decoded(linkType: 1, frame: headerCut) == .malformed("TCP header cut off by the snapshot length"))
    }

    @Test func zeroTotalLengthMeansSegmentationOffload() {
        let packet = Frames.ipv4(totalLength: 0, payload: tcp)
        #expect(Decoded(linkType: 12, frame: packet) == expectedV4)
    }

    @Test func otherTrafficIsNotTCP() {
        let udp = Frames.ipv4(protocolNumber: 17, payload: [0, 53, 0, 53, 0, 8, 0, 0])
        #expect(Decoded(linkType: 1, frame: Frames.ethernet(etherType: 0x0800, payload: udp)) == .notTCP)
        #expect(Decoded(linkType: 1, frame: Frames.ethernet(etherType: 0x0806, payload: [UInt8](repeating: 0, count: 28))) == .notTCP)
        #expect(Decoded(linkType: 229, frame: Frames.ipv6(nextHeader: 58, payload: [128, 0, 0, 0])) == .notTCP)
        #expect(Decoded(linkType: 105, frame: ipv4Packet) == .unsupportedLinkType)
        #expect(!PacketDecoder.isSupported(linkType: 105))
        #expect(PacketDecoder.isSupported(linkType: 276))
    }

    @Test func headersThatLieAreMalformed() {
        #expect(Decoded(linkType: 12, frame: Frames.ipv4(totalLength: 30, payload: tcp))
            == .malformed("IP payload too short for a TCP header"))
        #expect(Decoded(linkType: 12, frame: Frames.ipv4(totalLength: 10, payload: tcp))
            == .malformed("IPv4 total length 10 shorter than its header"))
        let longExtension: [UInt8] = [6, 200, 0, 0, 0, 0, 0, 0]
        #expect(Decoded(linkType: 229, frame: Frames.ipv6(nextHeader: 60, payload: longExtension + tcp))
            == .malformed("IPv6 extension header longer than the packet"))
    }

    @Test(arguments: [Int32(1), 113, 276, 0, 12])
    func everyPrefixDecodesWithoutCrashing(linkType: Int32) {
        let frames: [[UInt8]]
        switch linkType {
        case 1: frames = [Frames.ethernet(etherType: 0x0800, vlanTags: [(0x8100, 1)], payload: ipv4Packet),
                          Frames.ethernet(etherType: 0x86DD, payload: Frames.ipv6(nextHeader: 0, payload: [6, 0, 0, 0, 0, 0, 0, 0] + tcp))]
        case 113: frames = [Frames.linuxSLL(protocolType: 0x0800, payload: ipv4Packet)]
        case 276: frames = [Frames.linuxSLL2(protocolType: 0x86DD, payload: ipv6Packet)]
        case 0: frames = [Frames.littleEndian(2) + ipv4Packet]
        default: frames = [ipv4Packet, ipv6Packet]
        }
        for frame in frames {
            let full = Decoded(linkType: linkType, frame: frame)
            #expect(full.payload == payload)
            for length in 0..<frame.count {
                let prefix = Array(frame[..<length])
                let result = Decoded(linkType: linkType, frame: prefix)
                switch result {
                case .segment(_, _, _, _, _, let partial, let missing):
                    // Only the payload may be cut, and every cut byte is accounted for.
                    #expect(partial + payload[partial.count...] == payload)
                    #expect(partial.count + missing == payload.count)
                case .malformed:
                    break
                default:
                    Issue.record("prefix of \(length) bytes decoded as \(result)")
                }
            }
        }
    }

    @Test func decodeStatisticsCountEachOutcome() {
        let frames: [(Int32, [UInt8], Int)] = [
            (1, Frames.ethernet(etherType: 0x0800, payload: ipv4Packet), 0),
            (1, Frames.ethernet(etherType: 0x0800, payload: ipv4Packet), 3),     // cut by the snapshot length
            (1, Frames.ethernet(etherType: 0x0806, payload: [UInt8](repeating: 0, count: 28)), 0),
            (12, Frames.ipv4(fragmentField: 0x2000, payload: tcp), 0),
            (1, [1, 2, 3], 0),
            (1, [], 0),
            (147, [0], 0),
        ]
        var statistics = PacketDecodeStatistics()
        for (linkType, frame, cut) in frames {
            frame.withUnsafeBytes { raw in
                let captured = UnsafeRawBufferPointer(rebasing: raw[..<(raw.count - cut)])
                let packet = CapturedPacket(timestamp: Timestamp(nanoseconds: 0), linkType: linkType, data: captured,
                                            originalLength: raw.count)
                statistics.record(PacketDecoder.tcpSegment(linkType: linkType, frame: captured), for: packet)
            }
        }
        #expect(statistics.frames == 7 && statistics.tcpSegments == 2 && statistics.truncatedFrames == 1)
        #expect(statistics.notTCP == 1 && statistics.fragments == 1 && statistics.malformed == 2)
        #expect(statistics.unsupportedLinkType == 1)
        #expect(statistics.firstMalformedReason == "truncated Ethernet header")
    }

    @Test func randomCorruptionNeverCrashes() {
        var generator = SplitMix64(seed: 0x5EED)
        let base = Frames.ethernet(etherType: 0x86DD, payload: Frames.ipv6(nextHeader: 0, payload: [6, 0, 0, 0, 0, 0, 0, 0] + tcp))
        var segments = 0
        for _ in 0..<20_000 {
            var frame = base
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                frame[Int.random(in: 0..<frame.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            frame = Array(frame[..<Int.random(in: 0...frame.count, using: &generator)])
            for linkType: Int32 in [1, 113, 276, 0, 108, 12] {
                if case .segment(let segment) = frame.withUnsafeBytes({ PacketDecoder.tcpSegment(linkType: linkType, frame: $0) }) {
                    segments += 1
                    #expect(segment.payload.count <= frame.count)
                    #expect(segment.missingPayloadBytes >= 0)
                }
            }
        }
        #expect(segments > 0)
    }
}
