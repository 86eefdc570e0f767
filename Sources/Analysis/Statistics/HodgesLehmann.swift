/// The Hodges–Lehmann estimate of a shift with its distribution-free confidence interval: robust to
/// the outliers latency always has, and the natural companion of the rank tests (the interval holds
/// the shifts those tests would not reject).
///
/// Exact at every size: the median and the interval ends are order statistics of the pairwise
/// differences (or Walsh averages), found by selection over the implicit sorted matrix in expected
/// O(n log n) time and O(n) memory (`SortedRowsSelection`) rather than by listing the O(n²) pairs.
public enum HodgesLehmann {
    public struct Estimate: Sendable, Equatable {
        /// The median of the pairwise differences y − x (or of the Walsh averages).
        public let shift: Double
        /// The confidence interval, nil when the samples are too small to reach the level at all.
        public let interval: ClosedRange<Double>?
        /// The confidence level asked for; the interval covers with at least this probability
        /// (exactly for small samples, approximately for large ones).
        public let level: Double
    }

    /// The shift of `y` against `x` (positive when y is larger), from two independent samples. The
    /// interval comes from the Mann–Whitney distribution (`RankCriticalValue`). Nil when either
    /// sample is empty.
    public static func twoSample(_ x: [Double], _ y: [Double], level: Double = 0.95, seed: UInt64 = 0) -> Estimate? {
        precondition(level > 0 && level < 1, "a confidence level is in (0, 1)")
        guard !x.isEmpty, !y.isEmpty else { return nil }
        let selection = SortedRowsSelection(rows: PairwiseDifferences(x: x.sorted(), y: y.sorted()))
        let cut = RankCriticalValue.mannWhitney(x.count, y.count, tieTerm: MidRanks(x + y).tieTerm, level: level)
        return estimate(selection, cut: cut, level: level, seed: seed)
    }

    /// The centre of paired differences `differences[i]` (after − before): the median of the Walsh
    /// averages (dᵢ + dⱼ)/2, i ≤ j, with the interval from the signed-rank distribution. Zeros are
    /// kept (they are real pairs that did not change). Nil when there are no differences.
    public static func paired(differences: [Double], level: Double = 0.95, seed: UInt64 = 0) -> Estimate? {
        precondition(level > 0 && level < 1, "a confidence level is in (0, 1)")
        guard !differences.isEmpty else { return nil }
        let selection = SortedRowsSelection(rows: WalshAverages(d: differences.sorted()))
        let cut = RankCriticalValue.signedRank(differences.count, tieTerm: MidRanks(differences.map(abs)).tieTerm, level: level)
        return estimate(selection, cut: cut, level: level, seed: seed)
    }

    /// The paired estimate of `after[i] − before[i]`.
    public static func paired(before: [Double], after: [Double], level: Double = 0.95, seed: UInt64 = 0) -> Estimate? {
        precondition(before.count == after.count, "paired samples must have the same length")
        return paired(differences: zip(before, after).map { $1 - $0 }, level: level, seed: seed)
    }

    private static func estimate<Rows>(_ selection: SortedRowsSelection<Rows>, cut: Int?, level: Double, seed: UInt64) -> Estimate {
        let total = selection.rows.entryCount
        let middle = selection.select(rank: (total + 1) / 2, seed: seed)
        let shift = total % 2 == 1 ? middle : (middle + selection.select(rank: total / 2 + 1, seed: seed)) / 2
        var interval: ClosedRange<Double>?
        if let cut {
            let lower = selection.select(rank: cut, seed: seed)
            let upper = selection.select(rank: total - cut + 1, seed: seed)
            interval = lower...upper
        }
        return Estimate(shift: shift, interval: interval, level: level)
    }
}
