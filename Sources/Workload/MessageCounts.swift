/// Message counts keyed by type letter, kept in a flat table: counting is on the decoding hot path.
struct MessageCounts {
    private var byType = [Int](repeating: 0, count: 256)
    private var named: [String: Int] = [:]

    /// Counts a typed message by its type byte.
    mutating func add(typeByte: UInt8) {
        byType[Int(typeByte)] += 1
    }

    /// Counts an untyped packet of the startup phase (`startup`, `SSLRequest`, ...).
    mutating func add(named name: String) {
        named[name, default: 0] += 1
    }

    var dictionary: [String: Int] {
        var result = named
        for (byte, count) in byType.enumerated() where count > 0 {
            result[String(UnicodeScalar(UInt8(byte)))] = count
        }
        return result
    }
}
