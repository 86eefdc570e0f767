@testable import Capture
import Foundation
import Testing

/// `PcapRecordReader` against libpcap: whatever the file, a reader that reads the plain records
/// itself delivers exactly what libpcap alone delivers (a filter that matches everything keeps a
/// reader on libpcap's own path), down to truncation messages and errors.
@Suite struct PcapRecordReaderTests {
    struct RawRecord {
        var seconds: UInt32
        var fraction: UInt32
        var bytes: [UInt8]
        /// The header's captured length, when it should lie about `bytes`.
        var capturedLength: UInt32?
        var originalLength: UInt32?
    }

    /// A pcap file written field by field, so that magic, version, byte order and lengths can be anything.
    static func file(magic: UInt32 = 0xA1B2_C3D4, major: UInt16 = 2, minor: UInt16 = 4, snapshotLength: UInt32 = 65535,
                     bigEndian: Bool = false, records: [RawRecord]) -> [UInt8] {
        func u32(_ value: UInt32) -> [UInt8] {
            let bytes = Frames.littleEndian(value)
            return bigEndian ? bytes.reversed() : bytes
        }
        func u16(_ value: UInt16) -> [UInt8] {
            let bytes = [UInt8(value & 0xFF), UInt8(value >> 8)]
            return bigEndian ? bytes.reversed() : bytes
        }
        var file = u32(magic) + u16(major) + u16(minor) + u32(0) + u32(0) + u32(snapshotLength) + u32(1)
        for record in records {
            file += u32(record.seconds) + u32(record.fraction) + u32(record.capturedLength ?? UInt32(record.bytes.count))
                + u32(record.originalLength ?? UInt32(record.bytes.count)) + record.bytes
        }
        return file
    }

    /// Everything a reader hands out, and how it ends.
    struct Reading: Equatable {
        var packets: [[Int64]] = []
        var data: [[UInt8]] = []
        var packetsRead = 0
        var isAtEnd = false
        var truncation: String?
        var error: String?
    }

    static func read(_ path: String, throughLibpcap: Bool, oneByOne: Bool) throws -> Reading {
        let reader = try PcapFileReader(path: path, filter: throughLibpcap ? "" : nil)
        var reading = Reading()
        func take(_ packet: CapturedPacket) {
            reading.packets.append([packet.timestamp.nanoseconds, Int64(packet.originalLength)])
            reading.data.append(Array(packet.data))
        }
        do {
            if oneByOne {
                while let packet = try reader.nextPacket() { take(packet) }
            } else {
                try reader.forEach { packet in
                    take(packet)
                    return true
                }
            }
        } catch {
            reading.error = "\(error)"
        }
        reading.packetsRead = reader.packetsRead
        reading.isAtEnd = reader.isAtEnd
        reading.truncation = reader.truncation
        return reading
    }

    static func expectSameAsLibpcap(_ path: String) throws {
        let libpcap = try read(path, throughLibpcap: true, oneByOne: true)
        #expect(try read(path, throughLibpcap: false, oneByOne: true) == libpcap, "\(path), nextPacket")
        #expect(try read(path, throughLibpcap: false, oneByOne: false) == libpcap, "\(path), forEach")
    }

    static let frame = Frames.ethernet(etherType: 0x0800, payload: Frames.ipv4(payload: Frames.tcp(payload: Array("hello".utf8))))

    static func records(_ count: Int) -> [RawRecord] {
        (0..<count).map { index in
            RawRecord(seconds: 1_700_000_000 + UInt32(index), fraction: UInt32(index * 1000), bytes: frame + [UInt8(index)])
        }
    }

    static let edgeFiles: [(name: String, bytes: [UInt8])] = [
        ("plain", file(records: records(5))),
        ("nanoseconds", file(magic: 0xA1B2_3C4D, records: records(5))),
        ("header only", file(records: [])),
        ("odd time stamps", file(records: [
            RawRecord(seconds: 0xFFFF_FFF0, fraction: 999_999, bytes: frame),
            RawRecord(seconds: 0x8000_0000, fraction: 2_500_000, bytes: frame),
            RawRecord(seconds: 0, fraction: 0xFFFF_FFFF, bytes: frame),
        ])),
        ("cut in a record header", Array(file(records: records(3)).dropLast(frame.count + 1 + 10))),
        ("cut in a record's data", Array(file(records: records(3)).dropLast(7))),
        ("longer than the snapshot length", file(snapshotLength: 40, records: records(2) + [
            RawRecord(seconds: 9, fraction: 0, bytes: [UInt8](repeating: 7, count: 30)),
        ])),
        ("absurd captured length", file(records: records(2) + [
            RawRecord(seconds: 9, fraction: 0, bytes: frame, capturedLength: 300_000),
        ])),
        ("captured more than on the wire", file(records: [RawRecord(seconds: 1, fraction: 2, bytes: frame, originalLength: 10)])),
        ("big-endian", file(bigEndian: true, records: records(3))),
        ("version 2.3", file(minor: 3, records: records(3))),
    ]

    @Test(arguments: edgeFiles.map(\.name))
    func handMadeFilesReadAsLibpcapReadsThem(name: String) throws {
        let bytes = try #require(Self.edgeFiles.first { $0.name == name }).bytes
        let path = NSTemporaryDirectory() + "pgrehearse-record-reader-\(getpid())-\(name.replacingOccurrences(of: " ", with: "-")).pcap"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        try Self.expectSameAsLibpcap(path)
    }

    @Test func sharedCapturesReadAsLibpcapReadsThem() throws {
        guard SharedCaptures.available else { return }
        let names = try FileManager.default.contentsOfDirectory(atPath: SharedCaptures.directory)
            .filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }
        #expect(names.count >= 8)
        for name in names.sorted() { try Self.expectSameAsLibpcap(SharedCaptures.path(name)) }
    }

    @Test func onlyPlainFilesAreTaken() throws {
        for (bytes, plain) in [(Self.file(records: Self.records(1)), true),
                               (Self.file(magic: 0xA1B2_3C4D, records: []), true),
                               (Self.file(bigEndian: true, records: []), false),
                               (Self.file(minor: 3, records: []), false),
                               (Self.file(magic: 0xA1B2_CD34, records: []), false),
                               (Array(Self.file(records: []).prefix(20)), false)] {
            let path = NSTemporaryDirectory() + "pgrehearse-record-reader-\(getpid())-plain.pcap"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            defer { unlink(path) }
            let descriptor = open(path, O_RDONLY)
            defer { close(descriptor) }
            #expect((PcapRecordReader(descriptor: descriptor, snapshotLength: 65535) != nil) == plain)
        }
        var pipeEnds: [Int32] = [0, 0]
        #expect(pipe(&pipeEnds) == 0)
        defer { close(pipeEnds[0]); close(pipeEnds[1]) }
        #expect(PcapRecordReader(descriptor: pipeEnds[0], snapshotLength: 65535) == nil)
    }

    /// A buffer far smaller than the file: records straddle refills, and one too big for the buffer
    /// is handed over at its own offset.
    @Test func smallBuffersRefillAcrossRecordsAndHandOverWhatDoesNotFit() throws {
        let small = Self.records(40)
        let big = RawRecord(seconds: 5, fraction: 6, bytes: [UInt8](repeating: 9, count: 500))
        let bytes = Self.file(records: small + [big] + Self.records(1))
        let path = NSTemporaryDirectory() + "pgrehearse-record-reader-\(getpid())-small.pcap"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        let reader = try #require(PcapRecordReader(descriptor: descriptor, snapshotLength: 65535, capacity: 200))
        var offset = 24
        for record in small {
            guard case .record(let read) = reader.next() else {
                Issue.record("expected a record at offset \(offset)")
                return
            }
            #expect(Array(read.bytes) == record.bytes && read.originalLength == record.bytes.count)
            #expect(read.timestamp == Timestamp(seconds: Int64(record.seconds), nanoseconds: Int64(record.fraction) * 1000))
            offset += 16 + record.bytes.count
        }
        guard case .handOver(let at) = reader.next() else {
            Issue.record("expected a hand-over")
            return
        }
        #expect(at == Int64(offset))
    }
}
