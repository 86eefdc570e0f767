/// Which way bytes flow within a connection; the server is the side listening on a Postgres port.
public enum StreamDirection: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case clientToServer
    case serverToClient

    /// The other direction of the same connection.
    public var reversed: StreamDirection {
        switch self {
        case .clientToServer: return .serverToClient
        case .serverToClient: return .clientToServer
        }
    }

    public var description: String {
        switch self {
        case .clientToServer: return "client→server"
        case .serverToClient: return "server→client"
        }
    }
}
