/// Follows every Postgres TCP connection in a capture and turns its segments into ordered byte
/// streams per direction, with open, gap and close events.
///
/// Pure: feed it decoded segments in capture order, it calls `emit` synchronously. A segment is
/// Postgres traffic when one side's port is in `serverPorts` (and, if `serverHosts` is not empty,
/// that side's address is in it); that side is the server. Connections already open when the
/// capture started are picked up at their first segment in each direction. Closed connections
/// are forgotten (apart from a short-lived note that absorbs their last ACKs), so memory stays
/// bounded by the number of open connections and their out-of-order buffers.
public struct TCPStreamTracker {
    public let serverPorts: Set<UInt16>
    public let serverHosts: Set<IPAddress>
    /// The most out-of-order bytes buffered per direction before the hole in front of them is declared lost.
    public let bufferLimit: Int
    /// Counters over everything processed so far (closed connections included).
    public private(set) var statistics = TCPStatistics()

    private var connections = FlowTable<TCPConnection>()
    /// Recently closed 4-tuples and when they closed, so their trailing segments do not open phantom connections.
    private var recentlyClosed = FlowTable<Timestamp>()
    private var recentlyClosedPurgeThreshold = 1024
    private var lastConnectionNumber: UInt32 = 0
    /// `serverPorts` as a bitmap (one bit per port), so the per-segment port check neither hashes nor branches on the count.
    private let serverPortBits: [UInt64]

    /// How long a closed 4-tuple absorbs stray segments without a SYN.
    static let closedFlowMemory: Int64 = 30_000_000_000

    public init(serverPorts: Set<UInt16>, serverHosts: Set<IPAddress> = [], bufferLimit: Int = 8 << 20) {
        self.serverPorts = serverPorts
        self.serverHosts = serverHosts
        var bits = [UInt64](repeating: 0, count: 1 << 10)
        for port in serverPorts { bits[Int(port >> 6)] |= 1 << (port & 63) }
        serverPortBits = bits
        self.bufferLimit = max(0, bufferLimit)
    }

    /// Connections currently open.
    public var openConnectionCount: Int { connections.count }

    /// Takes one segment (in capture order) and emits the events it causes.
    public mutating func process(_ segment: TCPSegment, at time: Timestamp, _ emit: (StreamEvent) -> Void) {
        guard let (key, direction) = classify(segment) else {
            statistics.ignoredSegments += 1
            return
        }
        statistics.segments += 1
        statistics.payloadBytes += UInt64(segment.payload.count)
        let flags = segment.flags
        var found = connections.slot(of: key)
        if let slot = found, flags.contains(.syn), !flags.contains(.ack), direction == .clientToServer,
           connections[slot: slot].isSuperseded(bySynWithSequence: segment.sequence) {
            connections[slot: slot].flush(at: time, statistics: &statistics, emit)
            close(slot: slot, key: key, reason: .superseded, time: time, emit)
            found = nil
        }
        let slot: Int
        if let found {
            slot = found
        } else {
            guard let opened = open(key, segment: segment, direction: direction, at: time, emit) else { return }
            slot = opened
        }
        if let closing = connections[slot: slot].process(segment, direction: direction, at: time,
                                                          statistics: &statistics, emit) {
            close(slot: slot, key: key, reason: closing, time: time, emit)
        }
    }

    /// Ends the capture: delivers everything still buffered (declaring the holes as gaps) and
    /// closes every open connection, in connection order, with reason `.endOfCapture`.
    public mutating func finish(at time: Timestamp, _ emit: (StreamEvent) -> Void) {
        var open = connections.removeAll()
        open.sort { $0.id < $1.id }
        _ = recentlyClosed.removeAll()
        for var connection in open {
            connection.flush(at: time, statistics: &statistics, emit)
            count(.endOfCapture)
            emit(.closed(connection.id, reason: .endOfCapture, at: time))
        }
    }

    // MARK: - Private

    /// Starts tracking the connection a segment of an unknown 4-tuple begins, emitting `.opened`;
    /// returns its slot, or nil when the segment is a leftover of a closed connection (or a lone RST).
    private mutating func open(_ key: FlowKey, segment: TCPSegment, direction: StreamDirection, at time: Timestamp,
                               _ emit: (StreamEvent) -> Void) -> Int? {
        let flags = segment.flags
        if !flags.contains(.syn) {
            if let closedAt = recentlyClosed[key],
               time.nanoseconds(since: closedAt) < TCPStreamTracker.closedFlowMemory {
                statistics.segmentsAfterClose += 1
                return nil
            }
            // A lone RST of an unknown connection carries nothing worth a connection of its own.
            if flags.contains(.rst) {
                statistics.segmentsAfterClose += 1
                return nil
            }
        }
        recentlyClosed[key] = nil

        lastConnectionNumber &+= 1
        let id = ConnectionID(rawValue: lastConnectionNumber)
        let sawHandshake = flags.contains(.syn)
        statistics.connections += 1
        if sawHandshake { statistics.connectionsWithHandshake += 1 }
        let (client, server) = direction == .clientToServer
            ? (segment.source, segment.destination) : (segment.destination, segment.source)
        emit(.opened(id, client: client, server: server, sawHandshake: sawHandshake, at: time))
        return connections.insertNew(TCPConnection(id: id, client: client, server: server, sawHandshake: sawHandshake,
                                                   bufferLimit: bufferLimit), for: key)
    }

    /// Finds which side is the server; nil for traffic that is not Postgres.
    @inline(__always)
    private func classify(_ segment: TCPSegment) -> (key: FlowKey, direction: StreamDirection)? {
        let sourceIsServer = isServer(segment.source)
        let destinationIsServer = isServer(segment.destination)
        guard sourceIsServer || destinationIsServer else { return nil }
        var toServer: Bool
        if sourceIsServer != destinationIsServer {
            toServer = destinationIsServer
        } else {
            // Both ends look like servers (say port 5432 to port 5432): an existing connection
            // decides, else the SYN's direction, else the destination is taken to be the server.
            toServer = !(segment.flags.contains(.syn) && segment.flags.contains(.ack))
            if connections.slot(of: FlowKey(client: segment.source, server: segment.destination)) != nil {
                toServer = true
            } else if connections.slot(of: FlowKey(client: segment.destination, server: segment.source)) != nil {
                toServer = false
            }
        }
        if toServer {
            return (FlowKey(client: segment.source, server: segment.destination), .clientToServer)
        }
        return (FlowKey(client: segment.destination, server: segment.source), .serverToClient)
    }

    @inline(__always)
    private func isServer(_ endpoint: Endpoint) -> Bool {
        let port = endpoint.port
        guard serverPortBits[Int(port >> 6)] & (1 << (port & 63)) != 0 else { return false }
        return serverHosts.isEmpty || serverHosts.contains(endpoint.address)
    }

    private mutating func close(slot: Int, key: FlowKey, reason: CloseReason, time: Timestamp,
                                _ emit: (StreamEvent) -> Void) {
        let id = connections.remove(slot: slot).id
        count(reason)
        emit(.closed(id, reason: reason, at: time))
        rememberClosed(key, at: time)
    }

    private mutating func count(_ reason: CloseReason) {
        switch reason {
        case .fin: statistics.closedByFin += 1
        case .reset: statistics.closedByReset += 1
        case .endOfCapture: statistics.closedAtEndOfCapture += 1
        case .superseded: statistics.supersededConnections += 1
        }
    }

    private mutating func rememberClosed(_ key: FlowKey, at time: Timestamp) {
        recentlyClosed[key] = time
        if recentlyClosed.count >= recentlyClosedPurgeThreshold {
            recentlyClosed.removeAll { time.nanoseconds(since: $0) >= TCPStreamTracker.closedFlowMemory }
            recentlyClosedPurgeThreshold = max(1024, recentlyClosed.count * 2)
        }
    }
}
