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

    private var connections: [FlowKey: TCPConnection] = [:]
    /// Recently closed 4-tuples and when they closed, so their trailing segments do not open phantom connections.
    private var recentlyClosed: [FlowKey: Timestamp] = [:]
    private var recentlyClosedPurgeThreshold = 1024
    private var lastConnectionNumber: UInt32 = 0
    /// The usual case of one server port, checked without hashing.
    private let singleServerPort: UInt16?

    /// How long a closed 4-tuple absorbs stray segments without a SYN.
    static let closedFlowMemory: Int64 = 30_000_000_000

    public init(serverPorts: Set<UInt16>, serverHosts: Set<IPAddress> = [], bufferLimit: Int = 8 << 20) {
        self.serverPorts = serverPorts
        self.serverHosts = serverHosts
        singleServerPort = serverPorts.count == 1 ? serverPorts.first : nil
        self.bufferLimit = max(0, bufferLimit)
    }

    /// Connections currently open.
    public var openConnectionCount: Int { connections.count }

    /// Takes one segment (in capture order) and emits the events it causes.
    public mutating func process(_ segment: TCPSegment, at time: Timestamp, _ emit: (StreamEvent) -> Void) {
        guard let (key, direction, client, server) = classify(segment) else {
            statistics.ignoredSegments += 1
            return
        }
        statistics.segments += 1
        statistics.payloadBytes += UInt64(segment.payload.count)
        let flags = segment.flags
        if let index = connections.index(forKey: key) {
            let supersededBySyn = flags.contains(.syn) && !flags.contains(.ack) && direction == .clientToServer
                && connections.values[index].isSuperseded(bySynWithSequence: segment.sequence)
            if !supersededBySyn {
                let closing = connections.values[index].process(
                    segment, direction: direction, at: time, statistics: &statistics, emit)
                if let closing { close(at: index, key: key, reason: closing, time: time, emit) }
                return
            }
            connections.values[index].flush(at: time, statistics: &statistics, emit)
            close(at: index, key: key, reason: .superseded, time: time, emit)
        }
        if !flags.contains(.syn) {
            if let closedAt = recentlyClosed[key],
               time.nanoseconds(since: closedAt) < TCPStreamTracker.closedFlowMemory {
                statistics.segmentsAfterClose += 1
                return
            }
            // A lone RST of an unknown connection carries nothing worth a connection of its own.
            if flags.contains(.rst) {
                statistics.segmentsAfterClose += 1
                return
            }
        }
        recentlyClosed.removeValue(forKey: key)

        lastConnectionNumber &+= 1
        let id = ConnectionID(rawValue: lastConnectionNumber)
        let sawHandshake = flags.contains(.syn)
        statistics.connections += 1
        if sawHandshake { statistics.connectionsWithHandshake += 1 }
        emit(.opened(id, client: client, server: server, sawHandshake: sawHandshake, at: time))
        var connection = TCPConnection(id: id, client: client, server: server, sawHandshake: sawHandshake,
                                       bufferLimit: bufferLimit)
        if let closing = connection.process(segment, direction: direction, at: time, statistics: &statistics, emit) {
            count(closing)
            emit(.closed(id, reason: closing, at: time))
            rememberClosed(key, at: time)
            return
        }
        connections[key] = connection
    }

    /// Ends the capture: delivers everything still buffered (declaring the holes as gaps) and
    /// closes every open connection, in connection order, with reason `.endOfCapture`.
    public mutating func finish(at time: Timestamp, _ emit: (StreamEvent) -> Void) {
        var open = Array(connections.values)
        open.sort { $0.id < $1.id }
        connections.removeAll()
        recentlyClosed.removeAll()
        for var connection in open {
            connection.flush(at: time, statistics: &statistics, emit)
            count(.endOfCapture)
            emit(.closed(connection.id, reason: .endOfCapture, at: time))
        }
    }

    // MARK: - Private

    /// Finds which side is the server; nil for traffic that is not Postgres.
    private func classify(_ segment: TCPSegment)
        -> (key: FlowKey, direction: StreamDirection, client: Endpoint, server: Endpoint)? {
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
            if connections[FlowKey(client: segment.source, server: segment.destination)] != nil {
                toServer = true
            } else if connections[FlowKey(client: segment.destination, server: segment.source)] != nil {
                toServer = false
            }
        }
        if toServer {
            return (FlowKey(client: segment.source, server: segment.destination), .clientToServer,
                    segment.source, segment.destination)
        }
        return (FlowKey(client: segment.destination, server: segment.source), .serverToClient,
                segment.destination, segment.source)
    }

    @inline(__always)
    private func isServer(_ endpoint: Endpoint) -> Bool {
        let portMatches = singleServerPort.map { $0 == endpoint.port } ?? serverPorts.contains(endpoint.port)
        return portMatches && (serverHosts.isEmpty || serverHosts.contains(endpoint.address))
    }

    private mutating func close(at index: Dictionary<FlowKey, TCPConnection>.Index, key: FlowKey,
                                reason: CloseReason, time: Timestamp, _ emit: (StreamEvent) -> Void) {
        let id = connections.values[index].id
        connections.remove(at: index)
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
            recentlyClosed = recentlyClosed.filter { time.nanoseconds(since: $0.value) < TCPStreamTracker.closedFlowMemory }
            recentlyClosedPurgeThreshold = max(1024, recentlyClosed.count * 2)
        }
    }
}
