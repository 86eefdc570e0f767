#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A high percentile (p95, p99) of a latency sample with a bootstrap confidence interval, so the
/// report can say whether a change in the tail is more than the tail's own noise — or that there is
/// not enough data to say anything.
///
/// The percentile is the nearest rank: the ⌈p·n⌉-th smallest value, as HdrHistogram reports it
/// (`numpy.percentile(x, 100p, method="inverted_cdf")`).
///
/// Each resample's percentile is drawn directly instead of by resampling n values: the k-th smallest
/// of n indices drawn uniformly is ⌊n·U₍ₖ₎⌋ with U₍ₖ₎ ~ Beta(k, n − k + 1), so a resample costs
/// O(1) and the result has exactly the distribution of the ordinary percentile bootstrap. The
/// interval is the (1 − level)/2 and (1 + level)/2 nearest-rank percentiles of the resampled values.
public enum BootstrapPercentile {
    public struct Estimate: Sendable, Equatable {
        /// The percentile of the sample itself.
        public let value: Double
        /// The bootstrap percentile interval.
        public let interval: ClosedRange<Double>
        public let percentile: Double
        public let level: Double
    }

    /// The fewest samples for which the percentile `p` is reported: ⌈10/(1 − p)⌉, so that at least ten
    /// values lie above it (200 for p95, 1,000 for p99). With fewer, the estimate is one or two of
    /// the largest values and its interval means nothing.
    public static func minimumSampleSize(percentile p: Double) -> Int {
        precondition(p > 0 && p < 1, "a percentile is in (0, 1)")
        return Int((10 / (1 - p) - 1e-9).rounded(.up))
    }

    /// The nearest-rank percentile of `sample`, nil when it is empty.
    public static func percentile(_ p: Double, of sample: [Double]) -> Double? {
        precondition(p > 0 && p < 1, "a percentile is in (0, 1)")
        guard !sample.isEmpty else { return nil }
        return sample.sorted()[rank(p, of: sample.count) - 1]
    }

    /// The percentile `p` of `sample` with a `level` bootstrap interval from `resamples` resamples,
    /// reproducible from `seed`. Nil ("not enough data") below `minimumSampleSize(percentile:)`.
    public static func estimate(_ sample: [Double], percentile p: Double, level: Double = 0.95,
                                resamples: Int = 2_000, seed: UInt64 = 0) -> Estimate? {
        guard sample.count >= minimumSampleSize(percentile: p) else { return nil }
        let sorted = sample.sorted()
        return estimate(count: sorted.count, percentile: p, level: level, resamples: resamples, seed: seed) { sorted[$0 - 1] }
    }

    /// The same from a sample known only through its order statistics: `value(k)` is the k-th smallest
    /// of `count` values (1-based). This is how a histogram answers (HdrHistogram's values are exact to
    /// its precision), so no sample needs to be kept or sorted.
    public static func estimate(count n: Int, percentile p: Double, level: Double = 0.95, resamples: Int = 2_000,
                                seed: UInt64 = 0, value: (Int) -> Double) -> Estimate? {
        precondition(level > 0 && level < 1, "a confidence level is in (0, 1)")
        precondition(resamples >= 1, "the bootstrap needs at least one resample")
        guard n >= minimumSampleSize(percentile: p) else { return nil }
        let k = rank(p, of: n)
        var random = SeededRandom(seed: seed)
        var values = [Double]()
        values.reserveCapacity(resamples)
        for _ in 0..<resamples {
            let u = beta(Double(k), Double(n - k + 1), using: &random)
            values.append(value(min(n - 1, Int(Double(n) * u)) + 1))
        }
        values.sort()
        let tail = (1 - level) / 2
        let lower = values[rank(tail, of: resamples) - 1]
        let upper = values[rank(1 - tail, of: resamples) - 1]
        return Estimate(value: value(k), interval: lower...upper, percentile: p, level: level)
    }

    /// ⌈p·n⌉ between 1 and n; the tolerance keeps 0.95 × 200 at 190 despite binary fractions.
    static func rank(_ p: Double, of n: Int) -> Int {
        min(n, max(1, Int((p * Double(n) - 1e-9).rounded(.up))))
    }

    /// Beta(a, b) as X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b); both shapes are at least 1 here.
    static func beta(_ a: Double, _ b: Double, using random: inout SeededRandom) -> Double {
        let x = gamma(a, using: &random)
        let y = gamma(b, using: &random)
        return x / (x + y)
    }

    /// Gamma(shape, 1) for shape ≥ 1 by Marsaglia and Tsang (ACM TOMS 26 (2000)).
    static func gamma(_ shape: Double, using random: inout SeededRandom) -> Double {
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            let z = Normal.quantile(random.unit())
            let t = 1 + c * z
            guard t > 0 else { continue }
            let v = t * t * t
            if log(random.unit()) < z * z / 2 + d - d * v + d * log(v) {
                return d * v
            }
        }
    }
}
