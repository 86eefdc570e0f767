#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The paired latency comparison of one fingerprint: each request that ran in both runs contributes
/// log(other / baseline), which cancels what the request itself costs (its parameters, its rows) and
/// leaves the change; a Wilcoxon signed-rank test says whether there is one, a Hodges–Lehmann
/// estimate with its interval says how large (as a ratio, exp of the log shift).
enum PairedLatency {
    /// Service times below this (ms) are raised to it before taking logs: clock granularity, not signal.
    static let floorMs = 0.001

    /// Nil when there are fewer than `minimumSamples` pairs. `adjustedPValue` is the raw p-value until
    /// `Comparator` applies Benjamini–Hochberg across fingerprints.
    static func change(baseline: [Double], other: [Double], minimumSamples: Int, maximumPairs: Int,
                       confidence: Double, seed: UInt64) -> LatencyChange? {
        precondition(baseline.count == other.count, "paired samples have the same length")
        let n = baseline.count
        guard n >= max(2, minimumSamples) else { return nil }
        let used = min(n, max(2, maximumPairs))
        var differences: [Double] = []
        differences.reserveCapacity(used)
        var baseUsed: [Double] = []
        baseUsed.reserveCapacity(used)
        for k in 0..<used {
            // Evenly spread over the run (requests are in (session, sequence) order), deterministic.
            let i = used == n ? k : Int((Double(k) + 0.5) * Double(n) / Double(used))
            let b = max(baseline[i], floorMs)
            differences.append(log(max(other[i], floorMs) / b))
            baseUsed.append(baseline[i])
        }
        guard let test = WilcoxonSignedRank.test(differences: differences),
              let estimate = HodgesLehmann.paired(differences: differences, level: confidence, seed: seed)
        else { return nil }
        let interval = estimate.interval ?? estimate.shift...estimate.shift
        let ratio = exp(estimate.shift)
        let baseMedian = BootstrapPercentile.percentile(0.5, of: baseUsed) ?? 0
        return LatencyChange(
            pairs: used, ratio: ratio, ratioInterval: exp(interval.lowerBound)...exp(interval.upperBound),
            shiftMs: baseMedian * (ratio - 1), pValue: test.pValue, adjustedPValue: test.pValue)
    }
}
