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
    mutating func process(_ segment: TCPSegment, direction: StreamDirection, at time: Timestamp,
                          statistics: inout TCPStatistics, _ emit: (StreamEvent) -> Void) -> CloseReason? {
        let id = self.id
        withStream(direction) { stream in
            stream.receive(segment, statistics: &statistics) { output in
                TCPConnection.forward(output, id: id, direction: direction, at: time, emit)
            }
        }
        if segment.flags.contains(.ack) {
            withStream(direction.reversed) { stream in
                stream.peerAcknowledged(segment.acknowledgment, statistics: &statistics) { output in
                    TCPConnection.forward(output, id: id, direction: direction.reversed, at: time, emit)
                }
            }
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
        for direction in StreamDirection.allCases {
            withStream(direction) { stream in
                stream.flush(statistics: &statistics) { output in
                    TCPConnection.forward(output, id: id, direction: direction, at: time, emit)
                }
            }
        }
    }

    @inline(__always)
    private mutating func withStream(_ direction: StreamDirection, _ body: (inout TCPStreamReassembler) -> Void) {
        switch direction {
        case .clientToServer: body(&clientToServer)
        case .serverToClient: body(&serverToClient)
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
