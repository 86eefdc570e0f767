/// The Wilcoxon signed-rank test on paired differences: the same request replayed on both sides, so
/// each pair cancels what the request itself costs and only the change remains.
public enum WilcoxonSignedRank {
    public struct Result: Sendable, Equatable {
        /// Sum of the ranks of the positive differences.
        public let rankSumPositive: Double
        /// Differences that were not zero, the n the test used.
        public let used: Int
        /// The normal deviate after tie and continuity correction (0 when nothing is left to test).
        public let z: Double
        /// Two-sided p-value.
        public let pValue: Double
    }

    /// Two-sided test by the normal approximation with tie and continuity correction; zero
    /// differences are dropped (Wilcoxon's rule). This is
    /// `scipy.stats.wilcoxon(d, zero_method="wilcox", correction=True, method="asymptotic")`.
    /// Nil when there are no differences at all; p = 1 when all are zero.
    public static func test(differences: [Double]) -> Result? {
        guard !differences.isEmpty else { return nil }
        let nonzero = differences.filter { $0 != 0 }
        guard !nonzero.isEmpty else {
            return Result(rankSumPositive: 0, used: 0, z: 0, pValue: 1)
        }
        let ranking = MidRanks(nonzero.map(abs))
        var positive = 0.0
        for (difference, rank) in zip(nonzero, ranking.ranks) where difference > 0 {
            positive += rank
        }
        let n = Double(nonzero.count)
        let mean = n * (n + 1) / 4
        let variance = n * (n + 1) * (2 * n + 1) / 24 - ranking.tieTerm / 48
        let spread = variance.squareRoot()
        var z = (positive - mean) / spread
        z -= (z > 0 ? 0.5 : z < 0 ? -0.5 : 0) / spread
        return Result(rankSumPositive: positive, used: nonzero.count, z: z, pValue: Normal.twoSided(z))
    }

    /// Two-sided test of `after[i] − before[i]`.
    public static func test(before: [Double], after: [Double]) -> Result? {
        precondition(before.count == after.count, "paired samples must have the same length")
        return test(differences: zip(before, after).map { $1 - $0 })
    }
}
