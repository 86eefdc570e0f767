import TestSupport
import Testing
@testable import Analysis

@Suite struct SortedRowsSelectionTests {
    /// Every rank of the implicit matrices against the sorted, materialised entries, with many ties
    /// and enough entries that selection pivots before falling back to sorting.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func selectsEveryRankExactly(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let x = (0..<60).map { _ in Double(random.next() % 20) / 4 }.sorted()
        let y = (0..<70).map { _ in Double(random.next() % 25) / 4 }.sorted()
        let pairs = SortedRowsSelection(rows: PairwiseDifferences(x: x, y: y))
        let allPairs = x.flatMap { a in y.map { $0 - a } }.sorted()
        for rank in stride(from: 1, through: allPairs.count, by: 37) {
            #expect(pairs.select(rank: rank, seed: seed) == allPairs[rank - 1])
        }
        #expect(pairs.select(rank: allPairs.count, seed: seed) == allPairs.last)

        let d = (0..<90).map { _ in Double(Int(random.next() % 41) - 20) / 8 }.sorted()
        let walsh = SortedRowsSelection(rows: WalshAverages(d: d))
        var averages: [Double] = []
        for i in d.indices { for j in i..<d.count { averages.append((d[i] + d[j]) / 2) } }
        averages.sort()
        #expect(walsh.rows.entryCount == averages.count)
        for rank in stride(from: 1, through: averages.count, by: 29) {
            #expect(walsh.select(rank: rank, seed: seed &+ 9) == averages[rank - 1])
        }
    }
}
