import LocalPostgres

/// The throwaway clusters the live tests need; each is started once per run and shared.
enum ClusterKind: Hashable, Sendable {
    /// Trust authentication, no TLS; also listens on `::1` where the machine has it.
    case plain
    /// SCRAM-SHA-256 over TCP with `ClusterKind.scramPassword`.
    case scram
    /// `ssl = on` with a self-signed certificate.
    case tls

    /// A password nobody would type, so finding it anywhere proves a leak.
    static let scramPassword = "rehearse-Scram-7f3c9d2e"

    var options: ClusterOptions {
        switch self {
        case .plain: ClusterOptions(ipv6: ThrowawayCluster.isIPv6LoopbackAvailable)
        case .scram: ClusterOptions(superuserPassword: Self.scramPassword)
        case .tls: ClusterOptions(ssl: true)
        }
    }
}
