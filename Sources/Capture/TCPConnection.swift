/// The tracker's state for one open connection: its identity and both directions' reassemblers.
struct TCPConnection {
    let id: ConnectionID
    let client: Endpoint
    let server: Endpoint
    let sawHandshake: Bool
    var clientToServer: TCPStreamReassembler
    var serverToClient: TCPStreamReassembler

    init(id: ConnectionID, client: Endpoint, server: Endpoint, sawHandshake: Bool, bufferLimit: Int) {
        self.id = id
        self.client = client
        self.server = server
        self.sawHandshake = sawHandshake
        clientToServer = TCPStreamReassembler(bufferLimit: bufferLimit)
        serverToClient = TCPStreamReassembler(bufferLimit: bufferLimit)
    }

    /// Whether a SYN from the client starts a different connection on this 4-tuple (not a retransmitted SYN of this one).
    func isSuperseded(bySynWithSequence sequence: UInt32) -> Bool {
        clientToServer.initialSequence != sequence
    }

    /// Feeds one segment travelling in `direction`; returns why the connection closed, if it did.
    ///
    /// The reassemblers' fast paths are inlined here, so for the usual in-order segment the
    /// payload reaches the tracker's `emit` with no closure in between.
    mutating func process(_ segment: TCPSegment, direction: StreamDirection, at time: Timestamp,
                          statistics: inout TCPStatistics, _ emit: (StreamEvent) -> Void) -> CloseReason? {
        // One direction's stream takes the segment, the other its acknowledgment; each is passed
        // `inout` (rather than picked by a closure) so both are mutated in place, calls inlined.
        switch direction {
        case .clientToServer:
            TCPConnection.deliver(segment, id: id, direction: direction, at: time, sender: &clientToServer,
                                  receiver: &serverToClient, statistics: &statistics, emit)
        case .serverToClient:
            TCPConnection.deliver(segment, id: id, direction: direction, at: time, sender: &serverToClient,
                                  receiver: &clientToServer, statistics: &statistics, emit)
        }
        if segment.flags.contains(.rst) {
            flush(at: time, statistics: &statistics, emit)
            return .reset
        }
        if clientToServer.isFinished, serverToClient.isFinished { return .fin }
        return nil
    }

    /// Delivers whatever both directions still buffer, declaring the holes as gaps.
    mutating func flush(at time: Timestamp, statistics: inout TCPStatistics, _ emit: (StreamEvent) -> Void) {
        let id = self.id
        clientToServer.flush(statistics: &statistics) { output in
            TCPConnection.forward(output, id: id, direction: .clientToServer, at: time, emit)
        }
        serverToClient.flush(statistics: &statistics) { output in
            TCPConnection.forward(output, id: id, direction: .serverToClient, at: time, emit)
        }
    }

    @inline(__always)
    private static func deliver(_ segment: TCPSegment, id: ConnectionID, direction: StreamDirection, at time: Timestamp,
                                sender: inout TCPStreamReassembler, receiver: inout TCPStreamReassembler,
                                statistics: inout TCPStatistics, _ emit: (StreamEvent) -> Void) {
        sender.receive(segment, statistics: &statistics) { output in
            forward(output, id: id, direction: direction, at: time, emit)
        }
        if segment.flags.contains(.ack) {
            receiver.peerAcknowledged(segment.acknowledgment, statistics: &statistics) { output in
                forward(output, id: id, direction: direction.reversed, at: time, emit)
            }
        }
    }

    @inline(__always)
    private static func forward(_ output: ReassemblyOutput, id: ConnectionID, direction: StreamDirection,
                                at time: Timestamp, _ emit: (StreamEvent) -> Void) {
        switch output {
        case .data(let bytes): emit(.data(id, direction, bytes, at: time))
        case .gap(let count): emit(.gap(id, direction, lostBytes: count, at: time))
        case .fin: break
        }
    }
}
