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
    private let writer: WorkloadWriter
    private let sink: RecordingSink
    // Per-packet state, used on one thread only and never in overlapping accesses (the tracker's callback
    // does not touch the tracker), so the runtime exclusivity checks on it are skipped.
    @exclusivity(unchecked) private var tracker: TCPStreamTracker
    @exclusivity(unchecked) private var sessions: [ConnectionID: SessionRecording] = [:]
    @exclusivity(unchecked) private var linkTypes: Set<Int32> = []
    @exclusivity(unchecked) private var lastLinkType: Int32?
    /// TCP segments by port (both ends), to suggest `--port` when no Postgres traffic was found: a
    /// server's port is in every segment of every connection to it, a client's in those of one.
    @exclusivity(unchecked) private var segmentsByPort = [UInt32](repeating: 0, count: 65_536)
    @exclusivity(unchecked) private var lastTimestamp: Int64?
    private var finished = false

    /// Creates the workload file (mode 0600: it holds production data).
    public init(outputPath: String, options: Options) throws {
        self.options = options
        self.writer = try WorkloadWriter(path: outputPath, header: WorkloadHeader(
            formatVersion: WorkloadHeader.currentFormatVersion,
            toolVersion: options.toolVersion,
            createdAt: WallClock.nowNanoseconds(),
            sources: options.sources,
            serverPorts: options.serverPorts,
            linkTypes: options.linkTypes))
        self.sink = RecordingSink(writer: writer)
        self.tracker = TCPStreamTracker(serverPorts: Set(options.serverPorts), serverHosts: Set(options.serverHosts))
    }

    /// Reads every packet of `source` (until it ends, `shouldStop` says so, or the query limit is reached).
    public func record<Source: PacketSource>(_ source: inout Source, shouldStop: () -> Bool = { false }) throws {
        var failure: Error?
        try source.forEach { packet in
            sink.summary.packets += 1
            let time = packet.timestamp.nanoseconds
            if sink.summary.firstTimestamp == nil { sink.summary.firstTimestamp = time }
            lastTimestamp = time
            if packet.linkType != lastLinkType {
                lastLinkType = packet.linkType
                linkTypes.insert(packet.linkType)
            }
            if case .segment(let segment) = PacketDecoder.tcpSegment(linkType: packet.linkType, frame: packet.data) {
                segmentsByPort[Int(segment.source.port)] &+= 1
                segmentsByPort[Int(segment.destination.port)] &+= 1
                tracker.process(segment, at: packet.timestamp) { event in
                    guard failure == nil else { return }
                    do { try handle(event) } catch { failure = error }
                }
            }
            if failure != nil { return false }
            if let limit = options.maxQueries, sink.summary.queries >= limit { return false }
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
        guard !finished else { return sink.summary }
        finished = true
        let end = Timestamp(nanoseconds: lastTimestamp ?? 0)
        var failure: Error?
        tracker.finish(at: end) { event in
            guard failure == nil else { return }
            do { try handle(event) } catch { failure = error }
        }
        if let failure { throw failure }
        sink.finishCounts()
        var summary = sink.summary
        summary.lastTimestamp = lastTimestamp
        summary.serverPorts = options.serverPorts
        summary.truncation = truncation
        summary.truncated = !truncation.isEmpty
        summary.packetsDropped = packetsDropped
        summary.gapBytes = tracker.statistics.gapBytes
        summary.linkTypes = linkTypes.sorted().map(CapturedPacket.linkTypeName)
        if summary.sessions == 0 {
            let busiest = segmentsByPort.enumerated().filter { $0.element > 0 }
                .sorted { $0.element > $1.element }.prefix(3)
            summary.otherTCPPorts = Dictionary(uniqueKeysWithValues: busiest.map { (String($0.offset), Int($0.element)) })
        }
        sink.summary = summary
        try writer.write(.trailer(WorkloadTrailer(
            firstTimestamp: summary.firstTimestamp, lastTimestamp: summary.lastTimestamp,
            sessions: UInt32(clamping: summary.sessions), requests: UInt64(summary.requests),
            gapBytes: summary.gapBytes, encryptedSessions: UInt32(clamping: summary.encryptedSessions),
            packetsSeen: summary.packets, packetsDropped: packetsDropped,
            truncatedInput: truncation.isEmpty ? nil : truncation.joined(separator: "; "),
            summaryJSON: (try? summary.jsonText()) ?? "{}")))
        try writer.close()
        return summary
    }

    private func handle(_ event: StreamEvent) throws {
        switch event {
        case .opened(let id, let client, let server, let sawHandshake, let time):
            sessions[id] = SessionRecording(id: id.rawValue, client: client, server: server,
                                            startedAt: time.nanoseconds, sawHandshake: sawHandshake)
        case .data(let id, let direction, let bytes, let time):
            guard let session = sessions[id] else { return }
            try session.receive(bytes, from: direction.sender, at: time.nanoseconds, into: sink)
        case .gap(let id, let direction, let lostBytes, let time):
            guard let session = sessions[id] else { return }
            try session.lost(lostBytes, from: direction.sender, at: time.nanoseconds, into: sink)
        case .closed(let id, let reason, let time):
            guard let session = sessions.removeValue(forKey: id) else { return }
            try session.finish(at: time.nanoseconds, into: sink)
            guard session.carriesPostgres else { return }
            sink.summary.sessions += 1
            if session.startup != nil { sink.summary.sessionsWithStartup += 1 }
            if session.sawHandshake { sink.summary.sessionsWithHandshake += 1 }
            if session.encrypted { sink.summary.encryptedSessions += 1 }
            sink.summary.bindsOfUnknownStatements += session.assembler.counters.bindsOfUnknownStatements
            sink.summary.unmatchedReplies += session.assembler.counters.unmatchedReplies
            try sink.writeSessionStart(of: session)
            try sink.write(.sessionEnd(session.sessionEnd(at: time.nanoseconds, reason: reason)))
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
