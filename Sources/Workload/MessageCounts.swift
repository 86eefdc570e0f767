/// Message counts keyed by type letter, kept in a flat table: counting is on the decoding hot path (once per
/// message), so a count is one increment in memory this value owns, without an array's uniqueness check.
///
/// Reference semantics: a recording sink owns one and never copies it.
final class MessageCounts {
    private let byType = UnsafeMutablePointer<Int>.allocate(capacity: 256)
    private var named: [String: Int] = [:]

    init() {
        byType.initialize(repeating: 0, count: 256)
    }

    deinit {
        byType.deallocate()
    }

    /// Counts a typed message by its type byte.
    @inline(__always)
    func add(typeByte: UInt8) {
        byType[Int(typeByte)] += 1
    }

    /// Counts an untyped packet of the startup phase (`startup`, `SSLRequest`, ...).
    func add(named name: String) {
        named[name, default: 0] += 1
    }

    var dictionary: [String: Int] {
        var result = named
        for byte in 0..<256 where byType[byte] > 0 {
            result[String(UnicodeScalar(UInt8(byte)))] = byType[byte]
        }
        return result
    }
}
