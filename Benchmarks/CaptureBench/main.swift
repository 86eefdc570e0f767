// The packet half of `pgrehearse import` alone: libpcap → PacketDecoder → TCPStreamTracker, with the
// stream events consumed trivially (bytes counted per direction), so its cost can be measured apart
// from protocol decoding and workload writing. Not part of the shipped product.
//
// Usage: CaptureBench FILE... [--port N]... [--mode read|decode|track] [--repeat N]
//   read    libpcap records only (through MergedPacketSource)
//   decode  plus PacketDecoder.tcpSegment on every frame
//   track   plus TCPStreamTracker.process and the recorder's per-packet bookkeeping (default)
import Capture
import Glibc

/// What one pass saw, printed so that runs can be checked against each other.
struct Totals {
    var packets = 0
    var segments = 0
    var events = 0
    var clientBytes: UInt64 = 0
    var serverBytes: UInt64 = 0
    var gapBytes: UInt64 = 0
    var connections = 0
}

enum Mode: String { case read, decode, track }

func seconds(_ clock: clockid_t) -> Double {
    var now = timespec()
    clock_gettime(clock, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// Milliseconds-precision seconds, without Foundation's formatting.
func format(_ seconds: Double) -> String {
    let milliseconds = Int((seconds * 1000).rounded())
    let fraction = String(milliseconds % 1000)
    return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
}

/// The reading thread's state for one pass, held as `WorkloadRecorder` holds its own: in a class whose
/// per-packet fields skip the runtime exclusivity checks (one thread, no overlapping accesses), so the
/// benchmark measures the Capture module rather than its own bookkeeping.
final class PacketHalf {
    let mode: Mode
    @exclusivity(unchecked) var totals = Totals()
    @exclusivity(unchecked) var tracker: TCPStreamTracker
    // The recorder's own per-packet bookkeeping, kept so the benchmark costs what import's reading thread does.
    @exclusivity(unchecked) var segmentsByPort = [UInt32](repeating: 0, count: 65_536)
    @exclusivity(unchecked) var lastLinkType: Int32?
    @exclusivity(unchecked) var linkTypes: Set<Int32> = []
    @exclusivity(unchecked) var lastTimestamp = Timestamp(nanoseconds: 0)

    init(ports: Set<UInt16>, mode: Mode) {
        self.mode = mode
        tracker = TCPStreamTracker(serverPorts: ports)
    }

    /// One pass over the files, as `WorkloadRecorder.record(_:)` drives the packet half.
    func run<Source: PacketSource>(_ source: inout Source) throws -> Totals {
        try source.forEach { packet in
            totals.packets += 1
            lastTimestamp = packet.timestamp
            if packet.linkType != lastLinkType {
                lastLinkType = packet.linkType
                linkTypes.insert(packet.linkType)
            }
            guard mode != .read else { return true }
            if case .segment(let segment) = PacketDecoder.tcpSegment(linkType: packet.linkType, frame: packet.data) {
                totals.segments += 1
                guard mode == .track else { return true }
                segmentsByPort[Int(segment.source.port)] &+= 1
                segmentsByPort[Int(segment.destination.port)] &+= 1
                tracker.process(segment, at: packet.timestamp) { consume($0) }
            }
            return true
        }
        tracker.finish(at: lastTimestamp) { consume($0) }
        return totals
    }

    private func consume(_ event: StreamEvent) {
        totals.events += 1
        switch event {
        case .opened: totals.connections += 1
        case .data(_, let direction, let bytes, _):
            if direction == .clientToServer {
                totals.clientBytes += UInt64(bytes.count)
            } else {
                totals.serverBytes += UInt64(bytes.count)
            }
        case .gap(_, _, let lost, _): totals.gapBytes += lost
        case .closed: break
        }
    }
}

var files: [String] = []
var ports: Set<UInt16> = []
var mode = Mode.track
var repeats = 1
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--port": ports.insert(UInt16(arguments.popFirst() ?? "") ?? 5432)
    case "--mode": mode = Mode(rawValue: arguments.popFirst() ?? "") ?? .track
    case "--repeat": repeats = max(1, Int(arguments.popFirst() ?? "") ?? 1)
    default: files.append(argument)
    }
}
guard !files.isEmpty else {
    print("usage: CaptureBench FILE... [--port N]... [--mode read|decode|track] [--repeat N]")
    exit(2)
}
if ports.isEmpty { ports = [5432] }

var best = Double.infinity
var bestCPU = Double.infinity
var totals = Totals()
for _ in 0..<repeats {
    let (wall0, cpu0) = (seconds(CLOCK_MONOTONIC), seconds(CLOCK_PROCESS_CPUTIME_ID))
    var source = try MergedPacketSource(paths: files)
    totals = try PacketHalf(ports: ports, mode: mode).run(&source)
    best = min(best, seconds(CLOCK_MONOTONIC) - wall0)
    bestCPU = min(bestCPU, seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0)
}
print("mode \(mode.rawValue): \(totals.packets) packets, \(totals.segments) segments, \(totals.connections) connections, "
      + "\(totals.events) events, \(totals.clientBytes) B client→server, \(totals.serverBytes) B server→client, "
      + "\(totals.gapBytes) B lost")
print("best of \(repeats): wall \(format(best)) s, cpu \(format(bestCPU)) s")
