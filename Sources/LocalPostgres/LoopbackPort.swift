#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds TCP ports nobody listens on, on the loopback addresses.
enum LoopbackPort {
    /// A port the kernel considers free on 127.0.0.1 right now (bind to port 0, read the
    /// port, close). Another process may take it before the server binds it, so callers
    /// retry with a new port when the server cannot bind.
    static func pickFree(alsoOnIPv6: Bool) throws(LocalPostgresError) -> Int {
        for _ in 0..<20 {
            guard let port = bindLoopback(ipv6: false, port: 0) else {
                throw .noFreePort(reason: "binding a socket to 127.0.0.1 failed: \(errnoDescription())")
            }
            if !alsoOnIPv6 || bindLoopback(ipv6: true, port: port) != nil { return port }
        }
        throw .noFreePort(reason: "no port was free on both 127.0.0.1 and ::1 after 20 tries")
    }

    /// Whether this machine has a usable `::1` (containers often disable IPv6).
    static var isIPv6Available: Bool {
        bindLoopback(ipv6: true, port: 0) != nil
    }

    /// Binds a TCP socket to the loopback address and `port`, then closes it; the bound
    /// port, or `nil` when binding failed.
    private static func bindLoopback(ipv6: Bool, port: Int) -> Int? {
        #if canImport(Glibc)
        let streamType = Int32(SOCK_STREAM.rawValue)
        #else
        let streamType = SOCK_STREAM
        #endif
        let descriptor = socket(ipv6 ? AF_INET6 : AF_INET, streamType, 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }

        var storage = sockaddr_storage()
        var length: socklen_t
        if ipv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            address.sin6_addr = in6addr_loopback
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeMutableBytes(of: &storage) { target in
                withUnsafeBytes(of: &address) { target.copyMemory(from: $0) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutableBytes(of: &storage) { target in
                withUnsafeBytes(of: &address) { target.copyMemory(from: $0) }
            }
        }
        let bound = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0
                    && getsockname(descriptor, address, &length) == 0
            }
        }
        guard bound else { return nil }
        return withUnsafeBytes(of: &storage) { bytes in
            // sin_port and sin6_port share the same offset (right after the family).
            let high = UInt16(bytes[2]), low = UInt16(bytes[3])
            return Int(high << 8 | low)
        }
    }
}
