import Foundation
import Glibc
import Capture
import PGWire

/// Records Postgres traffic from a packet source (pcap files or a live interface) into a workload file.
///
/// The pipeline is streaming end to end: packets → TCP streams → messages → requests → records; memory is
/// bounded by the number of open connections, not by the capture's size.
public final class WorkloadRecorder {
    /// What to record and how to describe it in the file header.
    public struct Options: Sendable {
        public var serverPorts: [UInt16]
        public var serverHosts: [IPAddress]
        /// File paths, or `live:<interface>`.
        public var sources: [String]
        /// Link-layer type names of the sources (`EN10MB`, `LINUX_SLL`).
        public var linkTypes: [String]
        /// Stop once this many requests (Query plus Execute) were seen.
        public var maxQueries: Int?
        public var toolVersion: String
        /// Threads that decode sessions while the calling thread reads packets; 0 decodes on the calling
        /// thread. Ignored (0) with `maxQueries`, which needs the count as each packet is read.
        public var decodingThreads: Int = 0

        /// One decoding thread per processor, at most 4 (the reading thread is busy too).
        public static var defaultDecodingThreads: Int {
            min(4, ProcessInfo.processInfo.activeProcessorCount)
        }

        public init(serverPorts: [UInt16] = [5432], serverHosts: [IPAddress] = [], sources: [String],
                    linkTypes: [String] = [], maxQueries: Int? = nil, toolVersion: String) {
            self.serverPorts = serverPorts
            self.serverHosts = serverHosts
            self.sources = sources
            self.linkTypes = linkTypes
            self.maxQueries = maxQueries
            self.toolVersion = toolVersion
        }
    }

    private let options: Options
    private let writer: SharedWorkloadWriter
    /// Sessions decoded on the calling thread (no decoding threads), or nil.
    private let inlineShard: SessionShard?
    /// Decoding threads, each with the sessions whose connection number falls to it.
    private let workers: [ShardWorker]
    @exclusivity(unchecked) private var batches: [ShardBatch]
    @exclusivity(unchecked) private var packets: UInt64 = 0
    @exclusivity(unchecked) private var firstTimestamp: Int64?
    // Per-packet state, used on one thread only and never in overlapping accesses (the tracker's callback
    // does not touch the tracker), so the runtime exclusivity checks on it are skipped.
    @exclusivity(unchecked) private var tracker: TCPStreamTracker
    @exclusivity(unchecked) private var linkTypes: Set<Int32> = []
    @exclusivity(unchecked) private var lastLinkType: Int32?
    /// TCP segments by port (both ends), to suggest `--port` when no Postgres traffic was found: a
    /// server's port is in every segment of every connection to it, a client's in those of one.
    private let segmentsByPort = FlatCounter(size: 65_536)
    @exclusivity(unchecked) private var lastTimestamp: Int64?
    private var finished = false
    private var workersJoined = false
    private var finalSummary = ImportSummary()

    /// Creates the workload file (mode 0600: it holds production data).
    public init(outputPath: String, options: Options) throws {
        if let input = FileIdentity.input(among: options.sources, sameAs: outputPath) {
            throw WorkloadFormatError.outputIsInput(path: input)
        }
        self.options = options
        let file = try WorkloadWriter(path: outputPath, header: WorkloadHeader(
            formatVersion: WorkloadHeader.currentFormatVersion,
            toolVersion: options.toolVersion,
            createdAt: WallClock.nowNanoseconds(),
            sources: options.sources,
            serverPorts: options.serverPorts,
            linkTypes: options.linkTypes))
        let shared = SharedWorkloadWriter(file)
        writer = shared
        let threads = options.maxQueries == nil ? max(0, options.decodingThreads) : 0
        inlineShard = threads == 0 ? SessionShard(writer: shared) : nil
        workers = (0..<threads).map { _ in ShardWorker(writer: shared) }
        batches = Array(repeating: ShardBatch(), count: threads)
        tracker = TCPStreamTracker(serverPorts: Set(options.serverPorts), serverHosts: Set(options.serverHosts))
    }

    deinit {
        // A recording abandoned after an error: let the decoding threads end.
        if !workersJoined { for worker in workers { _ = try? worker.finish() } }
    }

    /// Reads every packet of `source` (until it ends, `shouldStop` says so, or the query limit is reached).
    public func record<Source: PacketSource>(_ source: inout Source, shouldStop: () -> Bool = { false }) throws {
        var failure: Error?
        try source.forEach { packet in
            packets += 1
            let time = packet.timestamp.nanoseconds
            if firstTimestamp == nil { firstTimestamp = time }
            lastTimestamp = time
            if packet.linkType != lastLinkType {
                lastLinkType = packet.linkType
                linkTypes.insert(packet.linkType)
            }
            if case .segment(let segment) = PacketDecoder.tcpSegment(linkType: packet.linkType, frame: packet.data) {
                segmentsByPort.add(Int(segment.source.port))
                segmentsByPort.add(Int(segment.destination.port))
                tracker.process(segment, at: packet.timestamp) { event in
                    guard failure == nil else { return }
                    do { try handle(event) } catch { failure = error }
                }
            }
            if failure != nil { return false }
            if let limit = options.maxQueries, let shard = inlineShard, shard.sink.summary.queries >= limit { return false }
            return !shouldStop()
        }
        if let failure { throw failure }
    }

    /// Closes every open session, writes the trailer and closes the file.
    ///
    /// - Parameters:
    ///   - truncation: libpcap's message for each input that ends inside a packet record.
    ///   - packetsDropped: packets the kernel dropped during a live capture.
    public func finish(truncation: [String] = [], packetsDropped: UInt64? = nil) throws -> ImportSummary {
        guard !finished else { return finalSummary }
        finished = true
        let end = Timestamp(nanoseconds: lastTimestamp ?? 0)
        var failure: Error?
        tracker.finish(at: end) { event in
            guard failure == nil else { return }
            do { try handle(event) } catch { failure = error }
        }
        if let failure { throw failure }
        var summary = ImportSummary()
        if let inlineShard { summary.add(try inlineShard.finish()) }
        for (index, worker) in workers.enumerated() {
            if !batches[index].isEmpty { worker.submit(batches[index]) }
            batches[index] = ShardBatch()
        }
        // Every worker is waited for, even after one failed, so that no thread still writes after close.
        var workerFailure: (any Error)?
        workersJoined = true
        for worker in workers {
            do { summary.add(try worker.finish()) } catch { workerFailure = workerFailure ?? error }
        }
        if let workerFailure { throw workerFailure }
        summary.decodeErrors.sort()
        summary.packets = packets
        summary.firstTimestamp = firstTimestamp
        summary.lastTimestamp = lastTimestamp
        summary.serverPorts = options.serverPorts
        summary.truncation = truncation
        summary.truncated = !truncation.isEmpty
        summary.packetsDropped = packetsDropped
        summary.gapBytes = tracker.statistics.gapBytes
        summary.linkTypes = linkTypes.sorted().map(CapturedPacket.linkTypeName)
        if summary.sessions == 0 {
            let busiest = segmentsByPort.nonZero.sorted { $0.count > $1.count }.prefix(3)
            summary.otherTCPPorts = Dictionary(uniqueKeysWithValues: busiest.map { (String($0.key), Int($0.count)) })
        }
        try writer.write(.trailer(WorkloadTrailer(
            firstTimestamp: summary.firstTimestamp, lastTimestamp: summary.lastTimestamp,
            sessions: UInt32(clamping: summary.sessions), requests: UInt64(summary.requests),
            gapBytes: summary.gapBytes, encryptedSessions: UInt32(clamping: summary.encryptedSessions),
            packetsSeen: summary.packets, packetsDropped: packetsDropped,
            truncatedInput: truncation.isEmpty ? nil : truncation.joined(separator: "; "),
            summaryJSON: (try? summary.jsonText()) ?? "{}")))
        try writer.close()
        finalSummary = summary
        return summary
    }

    /// Decodes the event here, or hands it to the thread that owns its session.
    private func handle(_ event: StreamEvent) throws {
        if let inlineShard {
            try inlineShard.handle(event)
            return
        }
        let shard = Int(event.connection.rawValue % UInt32(workers.count))
        batches[shard].append(event)
        if batches[shard].isFull {
            let batch = batches[shard]
            batches[shard] = workers[shard].emptyBatch()
            workers[shard].submit(batch)
        }
    }
}

extension StreamDirection {
    var sender: Sender { self == .clientToServer ? .frontend : .backend }
}

/// The wall clock in ns since the epoch, for the file header's creation time.
enum WallClock {
    static func nowNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
