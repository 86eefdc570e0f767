import Capture
import Foundation
import Testing

@Suite(.enabled(if: SharedCaptures.available, "the shared captures folder is missing"))
struct CaptureFileTests {
    /// Client→server and server→client TCP payload bytes per file, counted independently with
    /// `tshark -r FILE -T fields -e tcp.dstport -e tcp.len` (summing tcp.len by direction).
    static let tsharkPayloadBytes: [String: (clientToServer: UInt64, serverToClient: UInt64)] = [
        "cooked_any.pcap": (846_799, 374_841),
        "midstream.pcap": (6_422, 15_047),
        "pcapng.pcapng": (1_538_896, 574_902),
        "pgbench_extended.pcap": (1_538_896, 574_902),
        "pgbench_prepared.pcap": (723_170, 505_254),
        "pgbench_select_only.pcap": (196_520, 286_717),
        "pgbench_simple.pcap": (846_816, 374_838),
        "truncated.pcap": (338_329, 150_842),
    ]

    /// An SSLRequest: length 8, code 80877103. libpq sends it first under sslmode=prefer.
    static let sslRequest: [UInt8] = [0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F]

    @Test func everyFileInTheFolderHasAnOracleEntry() throws {
        let oracle = try SharedCaptures.oracle()
        let files = try FileManager.default.contentsOfDirectory(atPath: SharedCaptures.directory)
            .filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }
        #expect(!files.isEmpty)
        for file in files {
            #expect(oracle[file] != nil, "\(file) has no ORACLE.json entry")
        }
    }

    @Test(arguments: ["pgbench_simple.pcap", "pgbench_extended.pcap", "pgbench_prepared.pcap",
                      "pgbench_select_only.pcap", "midstream.pcap", "cooked_any.pcap", "pcapng.pcapng",
                      "truncated.pcap"])
    func fileMatchesOracle(name: String) throws {
        let expected = try #require(try SharedCaptures.oracle()[name])
        let summary = try SharedCaptures.summarize(name, serverPort: expected.server_port)
        #expect(summary.packets == expected.packets)
        #expect(summary.linkTypeName == expected.link_type.first)
        #expect(summary.otherResults == 0, "every packet in these captures is TCP")
        #expect(summary.decoding.frames == expected.packets && summary.decoding.tcpSegments == expected.packets)
        #expect(summary.decoding.truncatedFrames == 0 && summary.decoding.firstMalformedReason == nil)
        #expect(summary.connections == expected.tcp_sessions)
        #expect(summary.connectionsWithHandshake == expected.tcp_sessions_with_handshake)
        #expect(summary.timestampsInOrder)
        #expect(summary.gapBytes == 0, "loopback captures lose nothing")
        let bytes = try #require(Self.tsharkPayloadBytes[name])
        #expect(summary.clientBytes == bytes.clientToServer)
        #expect(summary.serverBytes == bytes.serverToClient)
        // Sessions with a handshake start with SSLRequest, answered 'N'.
        for id in summary.handshakeConnections {
            #expect(summary.clientStarts[id] == Self.sslRequest)
            #expect(summary.serverStarts[id]?.first == UInt8(ascii: "N"))
        }
        if name == "truncated.pcap" {
            let truncation = try #require(summary.truncation)
            #expect(truncation.contains("truncated dump file"))
            #expect(truncation.contains("11224"))
            #expect(summary.closeReasons[.endOfCapture, default: 0] >= 1)
        } else {
            #expect(summary.truncation == nil)
            #expect(summary.closeReasons == [.fin: expected.tcp_sessions])
        }
    }

    @Test func midstreamConnectionsResynchroniseOnPostgresMessages() throws {
        let summary = try SharedCaptures.summarize("midstream.pcap", serverPort: 56432)
        #expect(summary.handshakeConnections.isEmpty)
        // Each stream must start on a message boundary: a type letter then a plausible length.
        for start in summary.clientStarts.values {
            #expect(start.count == 8)
            let letter = start.first.map { Character(Unicode.Scalar($0)) }
            #expect(letter.map { "QPBEDSCHXF".contains($0) } == true)
        }
    }

    @Test func filterSelectsPackets() throws {
        let path = SharedCaptures.path("pgbench_select_only.pcap")
        let filtered = try PcapFileReader(path: path, filter: "tcp dst port 56432")
        var matched = 0
        try filtered.forEach { _ in matched += 1; return true }
        var decodedToServer = 0
        try PcapFileReader(path: path).forEach { packet in
            if case .segment(let segment) = PacketDecoder.tcpSegment(linkType: packet.linkType, frame: packet.data),
               segment.destination.port == 56432 {
                decodedToServer += 1
            }
            return true
        }
        #expect(matched > 0)
        #expect(matched == decodedToServer)
    }

    @Test func forEachStopsWhenTheBodySaysSo() throws {
        let reader = try PcapFileReader(path: SharedCaptures.path("midstream.pcap"))
        var seen = 0
        try reader.forEach { _ in
            seen += 1
            return seen < 10
        }
        #expect(seen == 10 && reader.packetsRead == 10)
        // Stopping leaves the reader where it was: the next reads go on from packet 11.
        let next = Array(try #require(try reader.nextPacket()).data)
        #expect(reader.packetsRead == 11 && !reader.isAtEnd)
        var rest = 0
        try reader.forEach { _ in
            rest += 1
            return true
        }
        #expect(rest == 273 - 11 && reader.packetsRead == 273 && reader.isAtEnd)
        let all = try PcapFileReader(path: SharedCaptures.path("midstream.pcap"))
        var eleventh: [UInt8] = []
        try all.forEach { packet in
            if all.packetsRead == 11 { eleventh = Array(packet.data) }
            return all.packetsRead < 11
        }
        #expect(eleventh == next)
    }

    struct Stop: Error, Equatable {}

    @Test func forEachRethrowsWhatTheBodyThrowsAndCanGoOn() throws {
        let reader = try PcapFileReader(path: SharedCaptures.path("midstream.pcap"))
        #expect(throws: Stop()) {
            try reader.forEach { _ in
                if reader.packetsRead == 5 { throw Stop() }
                return true
            }
        }
        #expect(reader.packetsRead == 5 && !reader.isAtEnd)
        var rest = 0
        try reader.forEach { _ in
            rest += 1
            return true
        }
        #expect(rest == 273 - 5 && reader.isAtEnd)
    }

    @Test func mergingAFileWithItselfInterleavesStably() throws {
        let path = SharedCaptures.path("midstream.pcap")
        var source = try MergedPacketSource(paths: [path, path])
        var packets: [(Timestamp, [UInt8])] = []
        try source.forEach { packet in
            packets.append((packet.timestamp, Array(packet.data)))
            return true
        }
        #expect(packets.count == 2 * 273)
        for pair in stride(from: 0, to: packets.count - 1, by: 2) {
            #expect(packets[pair].0 == packets[pair + 1].0)
            #expect(packets[pair].1 == packets[pair + 1].1)
        }
        #expect(source.readers.map(\.packetsRead) == [273, 273])
        #expect(source.truncations.isEmpty)
    }

    @Test func mergingFilesGivesOneTimeline() throws {
        var source = try MergedPacketSource(paths: [SharedCaptures.path("truncated.pcap"),
                                                    SharedCaptures.path("cooked_any.pcap")])
        var count = 0
        var last = Timestamp(nanoseconds: .min)
        var inOrder = true
        var linkTypes: Set<Int32> = []
        try source.forEach { packet in
            count += 1
            if packet.timestamp < last { inOrder = false }
            last = packet.timestamp
            linkTypes.insert(packet.linkType)
            return true
        }
        #expect(count == 11224 + 28075)
        #expect(inOrder)
        #expect(linkTypes == [1, 113])
        #expect(source.linkTypes == [1, 113])
        #expect(source.truncations.map(\.path) == [SharedCaptures.path("truncated.pcap")])
    }
}
