#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Two error rates compared for significance: transient failures (serialization, deadlocks, lock
/// timeouts) happen without any migration, so only a rate that differs beyond chance counts.
public enum RateComparison {
    public enum Method: String, Sendable, Equatable {
        /// The pooled two-proportion z-test (the uncorrected χ² test of the 2×2 table).
        case twoProportion
        /// Fisher's exact test, used when any expected cell count is below 5.
        case fisherExact
    }

    public struct Result: Sendable, Equatable {
        public let rate1: Double
        public let rate2: Double
        /// Two-sided p-value for "the two rates are equal".
        public let pValue: Double
        public let method: Method
    }

    /// Compares `failures1` out of `total1` with `failures2` out of `total2`. Nil when either total is
    /// zero; p = 1 when nothing or everything failed on both sides.
    public static func test(failures1: Int, of total1: Int, failures2: Int, of total2: Int) -> Result? {
        precondition(failures1 >= 0 && failures1 <= total1 && failures2 >= 0 && failures2 <= total2,
                     "failures must be between 0 and the total")
        guard total1 > 0, total2 > 0 else { return nil }
        let n1 = Double(total1), n2 = Double(total2)
        let failures = failures1 + failures2
        let total = total1 + total2
        let rate1 = Double(failures1) / n1, rate2 = Double(failures2) / n2
        guard failures > 0, failures < total else {
            return Result(rate1: rate1, rate2: rate2, pValue: 1, method: .twoProportion)
        }
        let pooled = Double(failures) / Double(total)
        let smallestExpected = min(n1, n2) * min(pooled, 1 - pooled)
        if smallestExpected < 5 {
            let p = fisherTwoSided(failures1: failures1, total1: total1, failures: failures, total: total)
            return Result(rate1: rate1, rate2: rate2, pValue: p, method: .fisherExact)
        }
        let spread = (pooled * (1 - pooled) * (1 / n1 + 1 / n2)).squareRoot()
        let z = (rate1 - rate2) / spread
        return Result(rate1: rate1, rate2: rate2, pValue: Normal.twoSided(z), method: .twoProportion)
    }

    /// Sum of the hypergeometric probabilities no larger than the observed one (with scipy's relative
    /// tolerance of 1e-7, so that equal probabilities computed differently still count).
    static func fisherTwoSided(failures1: Int, total1: Int, failures: Int, total: Int) -> Double {
        let low = max(0, total1 - (total - failures))
        let high = min(failures, total1)
        let observed = logHypergeometric(failures1, draws: total1, successes: failures, population: total)
        var p = 0.0
        for x in low...high {
            let logProbability = logHypergeometric(x, draws: total1, successes: failures, population: total)
            if logProbability <= observed + log1p(1e-7) {
                p += exp(logProbability)
            }
        }
        return min(1, p)
    }

    private static func logHypergeometric(_ x: Int, draws: Int, successes: Int, population: Int) -> Double {
        logChoose(successes, x) + logChoose(population - successes, draws - x) - logChoose(population, draws)
    }

    private static func logChoose(_ n: Int, _ k: Int) -> Double {
        lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
    }
}
