/// Order statistics of the n·m pairwise differences or n(n+1)/2 Walsh averages without materialising
/// them. Both sets are matrices whose rows are sorted (once the inputs are sorted), and the number of
/// entries below any value can be counted with two pointers in O(rows + columns). Selection then
/// works like quickselect on the implicit matrix (the approach of Monahan, ACM TOMS 10 (1984),
/// algorithm 616): pick a pivot among the remaining entries, count, and keep only the side holding
/// the wanted rank. The pivot is the entry at the wanted relative rank within a small random sample
/// of the remaining entries (as Floyd and Rivest do), so a round keeps a small fraction of the
/// candidates and a few rounds of O(n) suffice. The answer is exact; the seed only changes
/// how fast it is found.
struct SortedRowsSelection<Rows: SortedRows> {
    let rows: Rows

    /// The entry of 1-based rank `rank` among all entries.
    func select(rank: Int, seed: UInt64) -> Double {
        let rowCount = rows.rowCount
        precondition(rank >= 1 && rank <= rows.entryCount)
        var random = SeededRandom(seed: seed)
        // Entries [below[i], above[i]) of row i are still candidates; those before `below[i]` are
        // known to rank under the answer, those from `above[i]` over it.
        var below = [Int](repeating: 0, count: rowCount)
        var above = (0..<rowCount).map { rows.length(ofRow: $0) }
        var less = [Int](repeating: 0, count: rowCount)
        var lessOrEqual = [Int](repeating: 0, count: rowCount)
        while true {
            var remaining = 0
            var knownBelow = 0
            for row in 0..<rowCount {
                remaining += above[row] - below[row]
                knownBelow += below[row]
            }
            if remaining <= 4 * rowCount + 64 {
                var candidates: [Double] = []
                candidates.reserveCapacity(remaining)
                for row in 0..<rowCount where below[row] < above[row] {
                    for column in below[row]..<above[row] {
                        candidates.append(rows.entry(row: row, column: column))
                    }
                }
                candidates.sort()
                return candidates[rank - knownBelow - 1]
            }
            let pivot = choosePivot(below: below, above: above, remaining: remaining,
                                    wanted: Double(rank - knownBelow) / Double(remaining), random: &random)
            rows.count(around: pivot, less: &less, lessOrEqual: &lessOrEqual)
            let totalLess = less.reduce(0, +)
            let totalLessOrEqual = lessOrEqual.reduce(0, +)
            if rank <= totalLess {
                for row in 0..<rowCount {
                    above[row] = min(above[row], less[row])
                    below[row] = min(below[row], above[row])
                }
            } else if rank <= totalLessOrEqual {
                return pivot
            } else {
                for row in 0..<rowCount {
                    below[row] = max(below[row], lessOrEqual[row])
                    above[row] = max(above[row], below[row])
                }
            }
        }
    }

    /// The entry at relative rank `wanted` in a random sample of the remaining entries.
    private func choosePivot(below: [Int], above: [Int], remaining: Int, wanted: Double,
                             random: inout SeededRandom) -> Double {
        let sampleSize = 63
        var picks = (0..<sampleSize).map { _ in random.below(remaining) }
        picks.sort()
        var sample: [Double] = []
        sample.reserveCapacity(sampleSize)
        var next = 0
        var offset = 0
        for row in 0..<rows.rowCount where next < sampleSize {
            let width = above[row] - below[row]
            while next < sampleSize && picks[next] < offset + width {
                sample.append(rows.entry(row: row, column: below[row] + picks[next] - offset))
                next += 1
            }
            offset += width
        }
        sample.sort()
        let position = Int((wanted * Double(sampleSize)).rounded(.down))
        return sample[min(sampleSize - 1, max(0, position))]
    }
}
