/// What the TCP tracker reports, in capture order: connections opening and closing, and each
/// direction's bytes in order, with holes where the capture lost data.
public enum StreamEvent {
    /// A new connection; `sawHandshake` tells whether its SYN was seen (else it was already open
    /// when the capture started, and the streams begin mid-conversation).
    case opened(ConnectionID, client: Endpoint, server: Endpoint, sawHandshake: Bool, at: Timestamp)
    /// The next in-order bytes of one direction; the buffer is only valid during the callback.
    case data(ConnectionID, StreamDirection, UnsafeRawBufferPointer, at: Timestamp)
    /// Bytes of one direction that the capture does not have; the stream continues after them.
    case gap(ConnectionID, StreamDirection, lostBytes: UInt64, at: Timestamp)
    /// The connection ended; no more events for this ID follow.
    case closed(ConnectionID, reason: CloseReason, at: Timestamp)
}

extension StreamEvent {
    /// The connection the event belongs to.
    public var connection: ConnectionID {
        switch self {
        case .opened(let id, _, _, _, _), .data(let id, _, _, _), .gap(let id, _, _, _), .closed(let id, _, _): id
        }
    }
}
