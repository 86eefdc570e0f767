import Foundation
import Glibc

/// Plain blocking TCP sockets on 127.0.0.1, to make real traffic for the live-capture tests.
struct LoopbackSocket {
    let descriptor: Int32

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ call: String) { description = "\(call): \(String(cString: strerror(errno)))" }
    }

    private static func address(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    /// A listener on an ephemeral port of 127.0.0.1.
    static func listen() throws -> (socket: LoopbackSocket, port: UInt16) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure("socket") }
        var address = Self.address(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(descriptor, 4) == 0 else { _ = Glibc.close(descriptor); throw Failure("bind/listen") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { _ = Glibc.close(descriptor); throw Failure("getsockname") }
        return (LoopbackSocket(descriptor: descriptor), UInt16(bigEndian: address.sin_port))
    }

    static func connect(port: UInt16) throws -> LoopbackSocket {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure("socket") }
        var address = Self.address(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { _ = Glibc.close(descriptor); throw Failure("connect") }
        return LoopbackSocket(descriptor: descriptor)
    }

    func accept() throws -> LoopbackSocket {
        let connection = Glibc.accept(descriptor, nil, nil)
        guard connection >= 0 else { throw Failure("accept") }
        return LoopbackSocket(descriptor: connection)
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
        guard sent == bytes.count else { throw Failure("send") }
    }

    /// Reads exactly `count` bytes.
    func receive(_ count: Int) throws -> String {
        var buffer = [UInt8](repeating: 0, count: count)
        var received = 0
        while received < count {
            let result = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress! + received, count - received, 0) }
            guard result > 0 else { throw Failure("recv") }
            received += result
        }
        return String(decoding: buffer, as: UTF8.self)
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
