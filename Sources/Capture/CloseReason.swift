/// Why a connection's streams ended.
public enum CloseReason: Sendable, Hashable, CustomStringConvertible {
    /// Both sides sent FIN and all data up to them was delivered.
    case fin
    /// One side sent RST.
    case reset
    /// The capture ended while the connection was open.
    case endOfCapture
    /// A new connection (a fresh SYN) took over the 4-tuple before this one was seen to close,
    /// which happens when the capture missed its FIN or RST.
    case superseded

    public var description: String {
        switch self {
        case .fin: return "FIN"
        case .reset: return "RST"
        case .endOfCapture: return "end of capture"
        case .superseded: return "superseded by a new connection on the same ports"
        }
    }
}
