import Capture
import Foundation
import Testing
import TestSupport
@testable import Workload

/// The whole import pipeline (TCP reassembly, decoding, request assembly, file writing) on real traffic
/// damaged as captures get damaged: lost, reordered, duplicated and corrupted packets. It must never
/// crash, must count what it lost, and must always leave a complete, readable workload file.
@Suite struct DamagedCaptureTests {
    /// Packets held in memory so that each run can damage its own copy.
    struct MemoryPacketSource: PacketSource {
        var packets: [(timestamp: Timestamp, linkType: Int32, bytes: [UInt8])]

        mutating func forEach(_ body: (CapturedPacket) throws -> Bool) throws {
            for packet in packets {
                let keepGoing = try packet.bytes.withUnsafeBytes { bytes in
                    try body(CapturedPacket(timestamp: packet.timestamp, linkType: packet.linkType,
                                            data: bytes, originalLength: bytes.count))
                }
                if !keepGoing { return }
            }
        }
    }

    static func load(_ name: String) throws -> MemoryPacketSource {
        let reader = try PcapFileReader(path: SharedCaptures.path(name))
        var source = MemoryPacketSource(packets: [])
        try reader.forEach { packet in
            source.packets.append((packet.timestamp, packet.linkType, Array(packet.data)))
            return true
        }
        return source
    }

    static func record(_ source: MemoryPacketSource, into directory: TemporaryDirectory) throws -> (ImportSummary, [WorkloadRecord]) {
        var source = source
        let path = directory.path("damaged-\(UUID().uuidString).pgw")
        let recorder = try WorkloadRecorder(outputPath: path, options: .init(serverPorts: [56432], sources: ["memory"], toolVersion: "test"))
        try recorder.record(&source)
        let summary = try recorder.finish()
        let reader = try WorkloadReader(path: path)
        var records: [WorkloadRecord] = []
        while let record = try reader.next() { records.append(record) }
        #expect(reader.sawTrailer)
        return (summary, records)
    }

    @Test func theUndamagedCopyMatchesTheOracle() throws {
        let directory = try TemporaryDirectory()
        let (summary, _) = try Self.record(try Self.load("pgbench_extended.pcap"), into: directory)
        #expect(summary.frontend["E"] == 14_000 && summary.gapBytes == 0 && summary.decodeErrors.isEmpty)
    }

    /// Loses, duplicates and reorders about 1% of the packets each; with `corrupting`, also garbles or
    /// cuts short about 1% each. Returns the damaged copy and the number of packets lost.
    static func damage(_ original: MemoryPacketSource, seed: UInt64, corrupting: Bool) -> (MemoryPacketSource, Int) {
        var random = SplitMix64(seed: 0xDA_4A6E + seed)
        var damaged = original
        var packets: [(timestamp: Timestamp, linkType: Int32, bytes: [UInt8])] = []
        packets.reserveCapacity(original.packets.count)
        var dropped = 0
        for var packet in original.packets {
            switch random.next() % 100 {
            case 0:  // lost
                dropped += 1
                continue
            case 1:  // duplicated (a retransmission)
                packets.append(packet)
            case 2 where !packets.isEmpty:  // reordered with the previous packet
                let previous = packets.removeLast()
                packets.append(packet)
                packet = previous
            case 3 where corrupting && packet.bytes.count > 54:  // payload bytes corrupted (checksums are not verified)
                for _ in 0..<(1 + random.next() % 4) {
                    let index = 54 + Int(random.next() % UInt64(packet.bytes.count - 54))
                    packet.bytes[index] = UInt8(truncatingIfNeeded: random.next())
                }
            case 4 where corrupting && packet.bytes.count > 14:  // cut short (snapshot length)
                packet.bytes.removeLast(Int(random.next() % UInt64(packet.bytes.count - 14)))
            default:
                break
            }
            packets.append(packet)
        }
        damaged.packets = packets
        return (damaged, dropped)
    }

    @Test(arguments: 0..<6)
    func lossResynchronisesAndKeepsAlmostEveryRequest(seed: UInt64) throws {
        let (damaged, dropped) = Self.damage(try Self.load("pgbench_extended.pcap"), seed: seed, corrupting: false)
        let directory = try TemporaryDirectory()
        let (summary, _) = try Self.record(damaged, into: directory)
        #expect(dropped > 200)
        #expect(summary.gapBytes > 0)
        #expect(summary.decodeErrors.isEmpty)
        // About 1% of the packets are lost; nearly all of the 14,005 requests must survive.
        #expect(summary.requests > 13_500)
    }

    @Test(arguments: 0..<12)
    func damagedTrafficNeverCrashesAndIsAccountedFor(seed: UInt64) throws {
        let original = try Self.load(seed % 2 == 0 ? "pgbench_extended.pcap" : "midstream.pcap")
        let (damaged, dropped) = Self.damage(original, seed: seed, corrupting: true)
        let directory = try TemporaryDirectory()
        let (summary, records) = try Self.record(damaged, into: directory)

        let requests = records.compactMap { if case .request(let request) = $0 { request } else { nil } }
        #expect(requests.count == summary.requests)
        #expect(summary.sessions > 0)
        if dropped > 0 {
            // Losses are visible somewhere: missing bytes, skipped bytes or stopped sessions.
            #expect(summary.gapBytes > 0 || summary.resynchronizedBytes > 0 || !summary.decodeErrors.isEmpty
                    || summary.incompleteBytes > 0 || summary.unmatchedReplies > 0)
        }
        // Every request belongs to a session whose start record precedes it.
        var started: Set<UInt32> = []
        for record in records {
            switch record {
            case .sessionStart(let start): started.insert(start.session)
            case .request(let request): #expect(started.contains(request.session))
            default: break
            }
        }
    }
}
