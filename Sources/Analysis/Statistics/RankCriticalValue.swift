/// How many of the sorted pairwise differences (or Walsh averages) to cut from each end to get a
/// distribution-free confidence interval for a shift: the largest k with 2·P(S ≤ k − 1) ≤ 1 − level,
/// S being the rank statistic under no shift, so that [D₍ₖ₎, D₍ₙ₋ₖ₊₁₎] covers with at least that
/// level (Hollander & Wolfe, §3.3 and §4.3).
///
/// Small samples use the exact null distribution (which assumes no ties; with ties it is slightly
/// conservative); larger ones the normal approximation with continuity correction and the
/// tie-corrected variance, where S ≤ k − 1 ≈ Φ((k − ½ − mean)/σ).
enum RankCriticalValue {
    /// Sample sizes up to which the exact distribution is counted.
    static let exactLimit = 50

    /// For the two-sample (Mann–Whitney) interval. Nil when even k = 1 does not reach the level.
    static func mannWhitney(_ m: Int, _ n: Int, tieTerm: Double, level: Double) -> Int? {
        let alpha = 1 - level
        if m <= exactLimit && n <= exactLimit {
            return exactCut(counts: mannWhitneyCounts(m, n), alpha: alpha)
        }
        let total = Double(m + n)
        let pairs = Double(m) * Double(n)
        let variance = pairs / 12 * ((total + 1) - tieTerm / (total * (total - 1)))
        return normalCut(mean: pairs / 2, variance: variance, alpha: alpha)
    }

    /// For the one-sample (signed-rank) interval over n differences.
    static func signedRank(_ n: Int, tieTerm: Double, level: Double) -> Int? {
        let alpha = 1 - level
        if n <= exactLimit {
            return exactCut(counts: signedRankCounts(n), alpha: alpha)
        }
        let size = Double(n)
        let variance = size * (size + 1) * (2 * size + 1) / 24 - tieTerm / 48
        return normalCut(mean: size * (size + 1) / 4, variance: variance, alpha: alpha)
    }

    private static func exactCut(counts: [Double], alpha: Double) -> Int? {
        let total = counts.reduce(0, +)
        var cumulative = 0.0
        var k = 0
        // k − 1 = s is allowed while 2·P(S ≤ s) ≤ alpha; stop at the middle.
        for s in 0..<(counts.count / 2) {
            cumulative += counts[s]
            guard 2 * cumulative / total <= alpha * (1 + 1e-12) else { break }
            k = s + 1
        }
        return k >= 1 ? k : nil
    }

    private static func normalCut(mean: Double, variance: Double, alpha: Double) -> Int? {
        guard variance > 0 else { return nil }
        let z = Normal.quantile(1 - alpha / 2)
        let k = (mean + 0.5 - z * variance.squareRoot()).rounded(.down)
        return k >= 1 ? Int(k) : nil
    }

    /// The number of ways to reach each U in 0...m·n: the coefficients of the Gaussian binomial
    /// [m + n choose m]_q, built one factor (1 − q^(n+i)) / (1 − q^i) at a time.
    static func mannWhitneyCounts(_ m: Int, _ n: Int) -> [Double] {
        let top = m * n
        var counts = [Double](repeating: 0, count: top + 1)
        counts[0] = 1
        for i in stride(from: 1, through: m, by: 1) {
            let drop = n + i
            if drop <= top {
                for u in stride(from: top, through: drop, by: -1) {
                    counts[u] -= counts[u - drop]
                }
            }
            for u in stride(from: i, through: top, by: 1) {
                counts[u] += counts[u - i]
            }
        }
        return counts
    }

    /// The number of subsets of {1, …, n} with each sum in 0...n(n+1)/2 (exact in a Double up to
    /// n = 50, since every count is below 2⁵⁰).
    static func signedRankCounts(_ n: Int) -> [Double] {
        let top = n * (n + 1) / 2
        var counts = [Double](repeating: 0, count: top + 1)
        counts[0] = 1
        for rank in stride(from: 1, through: n, by: 1) {
            for sum in stride(from: top, through: rank, by: -1) {
                counts[sum] += counts[sum - rank]
            }
        }
        return counts
    }
}
