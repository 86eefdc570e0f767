/// Which side of a PostgreSQL connection sent some bytes.
///
/// The frontend is the client (psql, an application, pgbench); the backend is the server process.
public enum Sender: Sendable, Hashable, CustomStringConvertible {
    case frontend
    case backend

    public var description: String {
        switch self {
        case .frontend: "frontend"
        case .backend: "backend"
        }
    }
}
