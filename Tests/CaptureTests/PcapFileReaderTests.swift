import TestSupport
import Capture
import Foundation
import Testing

/// Byte-level tests of the file reader on capture files written by hand.
@Suite struct PcapFileReaderTests {
    /// A pcap file: global header (magic, version 2.4, snaplen, link type) and records.
    static func pcapFile(nanosecond: Bool = false, linkType: UInt32 = 1,
                         records: [(seconds: UInt32, fraction: UInt32, bytes: [UInt8], originalLength: UInt32?)]) -> [UInt8] {
        func le32(_ value: UInt32) -> [UInt8] { Frames.littleEndian(value) }
        func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
        var file = le32(nanosecond ? 0xA1B2_3C4D : 0xA1B2_C3D4) + le16(2) + le16(4) + le32(0) + le32(0)
            + le32(65535) + le32(linkType)
        for record in records {
            file += le32(record.seconds) + le32(record.fraction) + le32(UInt32(record.bytes.count))
                + le32(record.originalLength ?? UInt32(record.bytes.count)) + record.bytes
        }
        return file
    }

    static func temporaryFile(_ bytes: [UInt8], name: String) throws -> String {
        let path = NSTemporaryDirectory() + "pgrehearse-capture-test-\(getpid())-\(name)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    let frame = Frames.ethernet(etherType: 0x0800, payload: Frames.ipv4(payload: Frames.tcp(payload: Array("hi".utf8))))

    @Test func microsecondFilesAreReadInNanoseconds() throws {
        let path = try Self.temporaryFile(Self.pcapFile(records: [(1_700_000_000, 250_000, frame, nil),
                                                                  (1_700_000_001, 1, frame, 1514)]), name: "usec.pcap")
        defer { unlink(path) }
        let reader = try PcapFileReader(path: path)
        #expect(reader.linkType == 1 && reader.linkTypeName == "EN10MB")
        var stamps: [Timestamp] = []
        var lengths: [Int] = []
        try reader.forEach { packet in
            stamps.append(packet.timestamp)
            lengths.append(packet.originalLength)
            #expect(Array(packet.data) == frame)
            return true
        }
        #expect(stamps == [Timestamp(nanoseconds: 1_700_000_000_250_000_000), Timestamp(nanoseconds: 1_700_000_001_000_001_000)])
        #expect(lengths == [frame.count, 1514])
        #expect(reader.truncation == nil && reader.packetsRead == 2)
    }

    @Test func nanosecondFilesKeepTheirPrecision() throws {
        let path = try Self.temporaryFile(Self.pcapFile(nanosecond: true, records: [(5, 123_456_789, frame, nil)]), name: "nsec.pcap")
        defer { unlink(path) }
        let reader = try PcapFileReader(path: path)
        let packet = try #require(try reader.nextPacket())
        #expect(packet.timestamp == Timestamp(nanoseconds: 5_123_456_789))
        #expect(packet.timestamp.description == "5.123456789")
        #expect(try reader.nextPacket() == nil)
    }

    @Test func aRecordCutShortEndsTheFileAndIsReported() throws {
        var bytes = Self.pcapFile(records: [(1, 0, frame, nil), (2, 0, frame, nil), (3, 0, frame, nil)])
        bytes.removeLast(10)
        let path = try Self.temporaryFile(bytes, name: "cut.pcap")
        defer { unlink(path) }
        let reader = try PcapFileReader(path: path)
        var count = 0
        try reader.forEach { _ in count += 1; return true }
        #expect(count == 2)
        let truncation = try #require(reader.truncation)
        #expect(truncation.contains("truncated dump file"))
        #expect(truncation.contains("after 2 complete packet records"))
    }

    @Test func openErrorsNameTheFileAndTheReason() throws {
        #expect {
            try PcapFileReader(path: "/nonexistent/dir/x.pcap")
        } throws: { error in
            guard let error = error as? CaptureError, case .cannotOpenFile(let path, let reason) = error else { return false }
            return path == "/nonexistent/dir/x.pcap" && reason.contains("No such file")
                && error.description.hasPrefix("cannot open capture file /nonexistent/dir/x.pcap: ")
        }
        let notPcap = try Self.temporaryFile(Array("this is not a capture file at all".utf8), name: "text.pcap")
        defer { unlink(notPcap) }
        #expect {
            try PcapFileReader(path: notPcap)
        } throws: { error in
            guard case .cannotOpenFile(let path, let reason)? = error as? CaptureError else { return false }
            return path == notPcap && reason.contains("format")
        }
    }

    @Test func unsupportedLinkTypesAreRefusedUpFront() throws {
        let path = try Self.temporaryFile(Self.pcapFile(linkType: 105, records: [(1, 0, [1, 2, 3], nil)]), name: "wifi.pcap")
        defer { unlink(path) }
        #expect(throws: CaptureError.unsupportedLinkType(source: path, linkType: 105, name: "IEEE802_11")) {
            try PcapFileReader(path: path)
        }
        let tolerant = try PcapFileReader(path: path, requireSupportedLinkType: false)
        #expect(tolerant.linkTypeName == "IEEE802_11")
        let packet = try #require(try tolerant.nextPacket())
        #expect(PacketDecoder.tcpSegment(linkType: packet.linkType, frame: packet.data).isUnsupportedLinkType)
    }

    @Test func badFiltersAreReported() throws {
        let path = try Self.temporaryFile(Self.pcapFile(records: [(1, 0, frame, nil)]), name: "filter.pcap")
        defer { unlink(path) }
        #expect {
            try PcapFileReader(path: path, filter: "tcp port banana")
        } throws: { error in
            guard case .badFilter(let filter, let reason)? = error as? CaptureError else { return false }
            return filter == "tcp port banana" && !reason.isEmpty
        }
    }
}

extension PacketDecodeResult {
    fileprivate var isUnsupportedLinkType: Bool {
        if case .unsupportedLinkType = self { return true }
        return false
    }
}
