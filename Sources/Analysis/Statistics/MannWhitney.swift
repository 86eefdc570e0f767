/// The Mann–Whitney U test (Wilcoxon rank-sum): do two independent samples come from the same
/// distribution, or is one shifted? Used where requests cannot be paired one to one.
public enum MannWhitney {
    public struct Result: Sendable, Equatable {
        /// U for the first sample: the number of pairs (x, y) with x > y, ties counting one half.
        public let u: Double
        /// The normal deviate after tie and continuity correction (0 when every value is tied).
        public let z: Double
        /// Two-sided p-value.
        public let pValue: Double
    }

    /// Two-sided test by the normal approximation with tie and continuity correction (what
    /// `scipy.stats.mannwhitneyu(x, y, method="asymptotic")` computes). Nil when either sample is
    /// empty; p = 1 when every value is tied, since such samples carry no evidence of a shift.
    public static func test(_ x: [Double], _ y: [Double]) -> Result? {
        guard !x.isEmpty, !y.isEmpty else { return nil }
        let m = Double(x.count), n = Double(y.count)
        let ranking = MidRanks(x + y)
        let rankSum = ranking.ranks[0..<x.count].reduce(0, +)
        let u = rankSum - m * (m + 1) / 2
        let mean = m * n / 2
        let total = m + n
        let variance = m * n / 12 * ((total + 1) - ranking.tieTerm / (total * (total - 1)))
        guard variance > 0 else { return Result(u: u, z: 0, pValue: 1) }
        let z = (max(u, m * n - u) - mean - 0.5) / variance.squareRoot()
        return Result(u: u, z: z, pValue: Normal.twoSided(max(z, 0)))
    }
}
