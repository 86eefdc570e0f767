/// Counts by small integer (a message type byte, a TCP port) in memory it owns: counting is on the hot
/// path of an import (once per message, once per packet), so a count is one increment, without the
/// uniqueness check that mutating an array in a stored property costs.
///
/// Reference semantics: each owner creates its own and never shares it.
final class FlatCounter {
    let size: Int
    private let counts: UnsafeMutablePointer<UInt64>

    init(size: Int) {
        self.size = size
        counts = UnsafeMutablePointer<UInt64>.allocate(capacity: size)
        counts.initialize(repeating: 0, count: size)
    }

    deinit {
        counts.deallocate()
    }

    /// Adds one to the count of `key` (which must be below `size`).
    @inline(__always)
    func add(_ key: Int) {
        counts[key] &+= 1
    }

    subscript(key: Int) -> UInt64 {
        counts[key]
    }

    /// The keys with a count, and their counts, in key order.
    var nonZero: [(key: Int, count: UInt64)] {
        (0..<size).compactMap { key in counts[key] > 0 ? (key, counts[key]) : nil }
    }
}
