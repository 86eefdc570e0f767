/// A connection's 4-tuple packed into plain integers, oriented client → server, so that the
/// per-segment `FlowTable` lookup mixes five words and never allocates.
struct FlowKey: Hashable {
    var clientHigh: UInt64
    var clientLow: UInt64
    var serverHigh: UInt64
    var serverLow: UInt64
    /// Client port, server port, and whether the addresses are IPv6 (so `1.2.3.4` and `::102:304` differ).
    var portsAndFamily: UInt64

    init(client: Endpoint, server: Endpoint) {
        (clientHigh, clientLow) = FlowKey.words(client.address)
        (serverHigh, serverLow) = FlowKey.words(server.address)
        portsAndFamily = UInt64(client.port) << 16 | UInt64(server.port)
            | (client.address.isIPv6 ? 1 << 32 : 0) | (server.address.isIPv6 ? 1 << 33 : 0)
    }

    @inline(__always)
    private static func words(_ address: IPAddress) -> (UInt64, UInt64) {
        switch address {
        case .v4(let value): return (0, UInt64(value))
        case .v6(let high, let low): return (high, low)
        }
    }
}
