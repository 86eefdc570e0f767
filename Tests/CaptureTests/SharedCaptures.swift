import TestSupport
import Capture
import Foundation
import Testing

/// The real captures in the shared folder and their independently counted ground truth (ORACLE.json).
enum SharedCaptures {
    static var directory: String {
        SharedCaptureFolder.path
    }

    static var available: Bool {
        FileManager.default.fileExists(atPath: directory + "/ORACLE.json")
    }

    static func path(_ name: String) -> String { directory + "/" + name }

    struct FileOracle: Decodable {
        var format: String
        var link_type: [String]
        var server_port: UInt16
        var packets: Int
        var tcp_sessions: Int
        var tcp_sessions_with_handshake: Int
    }

    private struct Oracle: Decodable {
        var files: [String: FileOracle]
    }

    static func oracle() throws -> [String: FileOracle] {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/ORACLE.json"))
        return try JSONDecoder().decode(Oracle.self, from: data).files
    }

    /// Everything the capture pipeline reports for one file.
    struct Summary {
        var packets = 0
        var segments = 0
        var otherResults = 0
        var connections = 0
        var connectionsWithHandshake = 0
        var clientBytes: UInt64 = 0
        var serverBytes: UInt64 = 0
        var gapBytes: UInt64 = 0
        var closeReasons: [CloseReason: Int] = [:]
        /// The first bytes each direction of each connection delivered (up to 8).
        var clientStarts: [ConnectionID: [UInt8]] = [:]
        var serverStarts: [ConnectionID: [UInt8]] = [:]
        var handshakeConnections: Set<ConnectionID> = []
        var timestampsInOrder = true
        var statistics = TCPStatistics()
        var truncation: String?
        var linkTypeName = ""
        var decoding = PacketDecodeStatistics()
    }

    /// Runs a file through PcapFileReader → PacketDecoder → TCPStreamTracker.
    static func summarize(_ name: String, serverPort: UInt16) throws -> Summary {
        let reader = try PcapFileReader(path: path(name))
        var summary = Summary()
        summary.linkTypeName = reader.linkTypeName
        var tracker = TCPStreamTracker(serverPorts: [serverPort])
        var last = Timestamp(nanoseconds: 0)
        func record(_ event: StreamEvent) {
            switch event {
            case .opened(let id, _, _, let handshake, _):
                summary.connections += 1
                if handshake {
                    summary.connectionsWithHandshake += 1
                    summary.handshakeConnections.insert(id)
                }
            case .data(let id, .clientToServer, let bytes, _):
                summary.clientBytes += UInt64(bytes.count)
                let start = summary.clientStarts[id, default: []]
                if start.count < 8 { summary.clientStarts[id] = start + bytes.prefix(8 - start.count) }
            case .data(let id, .serverToClient, let bytes, _):
                summary.serverBytes += UInt64(bytes.count)
                let start = summary.serverStarts[id, default: []]
                if start.count < 8 { summary.serverStarts[id] = start + bytes.prefix(8 - start.count) }
            case .gap(_, _, let lost, _):
                summary.gapBytes += lost
            case .closed(_, let reason, _):
                summary.closeReasons[reason, default: 0] += 1
            }
        }
        try reader.forEach { packet in
            summary.packets += 1
            if packet.timestamp < last { summary.timestampsInOrder = false }
            last = packet.timestamp
            let result = PacketDecoder.tcpSegment(linkType: packet.linkType, frame: packet.data)
            summary.decoding.record(result, for: packet)
            if case .segment(let segment) = result {
                summary.segments += 1
                tracker.process(segment, at: packet.timestamp, record)
            } else {
                summary.otherResults += 1
            }
            return true
        }
        tracker.finish(at: last, record)
        summary.statistics = tracker.statistics
        summary.truncation = reader.truncation
        #expect(summary.packets == reader.packetsRead)
        return summary
    }
}
