/// The check behind "never replay writes against production": is the target the server the
/// workload was captured from? Pure, so every address form is unit-tested.
enum TargetSafety {
    /// Whether a target reached at `address`:`port` (nil address: a Unix socket, so this machine) is one of
    /// the captured servers (`host:port`, IPv6 as `[addr]:port` or `addr:port`).
    static func isCapturedServer(address: String?, port: String?, capturedServers: Set<String>) -> Bool {
        guard let port else { return false }
        for server in capturedServers {
            guard let (host, capturedPort) = split(server), capturedPort == port else { continue }
            if let address {
                if normalize(host) == normalize(address) { return true }
                if isLoopback(host), isLoopback(address) { return true }
            } else if isLoopback(host) {
                return true
            }
        }
        return false
    }

    static func split(_ server: String) -> (String, String)? {
        guard let colon = server.lastIndex(of: ":") else { return nil }
        var host = String(server[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, String(server[server.index(after: colon)...]))
    }

    static func normalize(_ host: String) -> String {
        host.hasPrefix("::ffff:") ? String(host.dropFirst(7)) : host.lowercased()
    }

    static func isLoopback(_ host: String) -> Bool {
        let host = normalize(host)
        return host.hasPrefix("127.") || host == "::1" || host == "localhost"
    }
}
