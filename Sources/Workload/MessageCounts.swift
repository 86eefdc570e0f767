/// Message counts keyed by type letter, kept in a flat table: counting is on the decoding hot path.
struct MessageCounts {
    private var byLetter = [Int](repeating: 0, count: 128)
    private var named: [String: Int] = [:]

    mutating func add(_ typeLetter: String) {
        let utf8 = typeLetter.utf8
        if utf8.count == 1, let byte = utf8.first, byte < 128 {
            byLetter[Int(byte)] += 1
        } else {
            named[typeLetter, default: 0] += 1
        }
    }

    var dictionary: [String: Int] {
        var result = named
        for (byte, count) in byLetter.enumerated() where count > 0 {
            result[String(UnicodeScalar(UInt8(byte)))] = count
        }
        return result
    }
}
