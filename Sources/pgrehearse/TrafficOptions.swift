import ArgumentParser
import Capture

/// Which traffic is Postgres: the server's ports and, optionally, addresses.
struct TrafficOptions: ParsableArguments {
    @Option(name: .customLong("port"), help: "Server port carrying Postgres traffic (repeatable).")
    var ports: [UInt16] = [5432]

    @Option(name: .customLong("host"), help: "Server address (repeatable); default: any.")
    var hosts: [String] = []

    func hostAddresses() throws -> [IPAddress] {
        try hosts.map { host in
            guard let address = IPAddress(host) else {
                throw ValidationError("--host \(host): not an IPv4 or IPv6 address")
            }
            return address
        }
    }
}
