import PGWire

/// Counts CommandComplete tags by command ("SELECT 1" and "SELECT 7" both count as SELECT) without a
/// `String` per message: the few tags a workload repeats ("SELECT 1", "UPDATE 1") are recognised by their
/// bytes and counted whole; they are named by command only when the counts are read.
struct CommandTagCounter {
    /// Tags seen recently, with how many times each was seen since it was last folded.
    private var recent: [(tag: [UInt8], count: Int)] = []
    private var next = 0
    /// Counts by command for tags that left `recent`.
    private var folded: [String: Int] = [:]

    private static var recentCapacity: Int { 16 }

    mutating func add(_ tag: BorrowedBytes) {
        for index in recent.indices where recent[index].tag.withUnsafeBytes({ tag.elementsEqual($0) }) {
            recent[index].count += 1
            return
        }
        if recent.count < Self.recentCapacity {
            recent.append((tag.array, 1))
            return
        }
        fold(recent[next])
        recent[next] = (tag.array, 1)
        next = (next + 1) % Self.recentCapacity
    }

    /// Counts by command (the tag without its row counts, see `ImportSummary.command(ofTag:)`).
    var counts: [String: Int] {
        var counter = self
        for entry in recent { counter.fold(entry) }
        return counter.folded
    }

    private mutating func fold(_ entry: (tag: [UInt8], count: Int)) {
        folded[ImportSummary.command(ofTag: String(decoding: entry.tag, as: UTF8.self)), default: 0] += entry.count
    }
}
