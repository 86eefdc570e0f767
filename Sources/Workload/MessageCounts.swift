/// Message counts keyed by type letter, kept in a flat table: counting is on the decoding hot path (once per
/// message).
///
/// Reference semantics: a recording sink owns one and never copies it.
final class MessageCounts {
    private let byType = FlatCounter(size: 256)
    private var named: [String: Int] = [:]

    /// Counts a typed message by its type byte.
    @inline(__always)
    func add(typeByte: UInt8) {
        byType.add(Int(typeByte))
    }

    /// Counts an untyped packet of the startup phase (`startup`, `SSLRequest`, ...).
    func add(named name: String) {
        named[name, default: 0] += 1
    }

    var dictionary: [String: Int] {
        var result = named
        for (byte, count) in byType.nonZero {
            result[String(UnicodeScalar(UInt8(byte)))] = Int(count)
        }
        return result
    }
}
