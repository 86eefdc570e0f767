import LocalPostgres

/// The throwaway clusters the live tests need; each is started once per run and shared.
public enum ClusterKind: Hashable, Sendable {
    /// Trust authentication, no TLS, IPv4 only.
    case plain
    /// SCRAM-SHA-256 over TCP with `ClusterKind.scramPassword`.
    case scram
    /// Listens on `::1` as well as 127.0.0.1.
    case ipv6
    /// `ssl = on` with a self-signed certificate.
    case tls

    /// A password nobody would type, so finding it anywhere proves a leak.
    public static let scramPassword = "rehearse-Scram-7f3c9d2e"

    public var options: ClusterOptions {
        switch self {
        case .plain: ClusterOptions()
        case .ipv6: ClusterOptions(ipv6: true)
        case .scram: ClusterOptions(superuserPassword: Self.scramPassword)
        case .tls: ClusterOptions(ssl: true)
        }
    }
}
