import Histogram

/// One run's distributions: an HdrHistogram of service times per fingerprint (and for the whole run),
/// error counts by SQLSTATE, and the timeline buckets. Built in one pass over the run's outcomes.
struct RunStatistics: Sendable {
    /// Per fingerprint (dense index), for every executed request of the run, paired or not.
    var fingerprints: [FingerprintRunStatistics]
    /// Every executed request of the run.
    var whole: FingerprintRunStatistics
    /// Failed requests by SQLSTATE over the run.
    var errorsBySQLState: [String: Int]
    var timeline: [TimelineBucket]

    init(run: LoadedRun, tables: ComparisonTables, bucketSeconds: Double, buckets: Int) {
        let fingerprintCount = tables.fingerprints.count
        fingerprints = Array(repeating: FingerprintRunStatistics(), count: fingerprintCount)
        whole = FingerprintRunStatistics()
        errorsBySQLState = [:]
        var bucketHistograms = Array(repeating: Self.histogram(), count: buckets)
        var bucketErrors = Array(repeating: 0, count: buckets)
        let bucketNanoseconds = bucketSeconds * 1e9
        var errorCountsByIndex = Array(repeating: 0, count: tables.errors.count)
        for outcome in run.outcomes where outcome.executed {
            let index = Int(outcome.fingerprint)
            fingerprints[index].record(outcome)
            whole.record(outcome)
            if outcome.error != 0 {
                errorCountsByIndex[Int(outcome.error)] += 1
                fingerprints[index].errors[tables.errors[outcome.error].sqlState, default: 0] += 1
            }
            if outcome.completedOffset >= 0, buckets > 0 {
                let bucket = min(buckets - 1, Int(Double(outcome.completedOffset) / bucketNanoseconds))
                bucketHistograms[bucket].record(UInt64(outcome.serviceTime))
                if outcome.error != 0 { bucketErrors[bucket] += 1 }
            }
        }
        for (index, count) in errorCountsByIndex.enumerated() where count > 0 {
            errorsBySQLState[tables.errors[UInt32(index)].sqlState, default: 0] += count
        }
        timeline = bucketHistograms.indices.map { bucket in
            let histogram = bucketHistograms[bucket]
            let empty = histogram.totalCount == 0
            return TimelineBucket(
                startSeconds: Double(bucket) * bucketSeconds, requests: Int(histogram.totalCount), errors: bucketErrors[bucket],
                p50Ms: empty ? 0 : Double(histogram.valueAtPercentile(50)) / 1e6,
                p99Ms: empty ? 0 : Double(histogram.valueAtPercentile(99)) / 1e6)
        }
    }

    /// Nanosecond histograms from 1 µs to an hour, three significant digits.
    static func histogram() -> Histogram<UInt64> {
        var histogram = Histogram<UInt64>(lowestDiscernibleValue: 1_000, highestTrackableValue: 3_600_000_000_000,
                                          numberOfSignificantValueDigits: .three)
        histogram.autoResize = true
        return histogram
    }
}

/// The service times of one fingerprint in one run, in an HdrHistogram: percentiles and bootstrap
/// intervals come from it, so memory does not grow with the number of requests.
struct FingerprintRunStatistics: Sendable {
    var histogram = RunStatistics.histogram()
    var executed = 0
    var failed = 0
    /// Failed requests by SQLSTATE.
    var errors: [String: Int] = [:]
    var totalNanoseconds: Int64 = 0

    mutating func record(_ outcome: CompactOutcome) {
        histogram.record(UInt64(max(1_000, outcome.serviceTime)))
        executed += 1
        if outcome.error != 0 { failed += 1 }
        totalNanoseconds += outcome.serviceTime
    }

    /// The median in ms (0 without requests).
    var p50Ms: Double { executed == 0 ? 0 : Double(histogram.valueAtPercentile(50)) / 1e6 }

    /// The summary shown in reports: percentiles from the histogram, p95/p99 intervals by bootstrap when
    /// there are enough samples.
    func summary(confidence: Double, seed: UInt64) -> LatencySummary {
        guard executed > 0 else { return .empty }
        func ms(_ percentile: Double) -> Double { Double(histogram.valueAtPercentile(percentile)) / 1e6 }
        var p95: BootstrapPercentile.Estimate?
        var p99: BootstrapPercentile.Estimate?
        if executed >= BootstrapPercentile.minimumSampleSize(percentile: 0.95) {
            // Order statistics straight from the histogram: no sample kept, nothing sorted.
            var cumulative: [UInt64] = []
            var values: [Double] = []
            var total: UInt64 = 0
            for bucket in histogram.recordedValues() {
                total += bucket.count
                cumulative.append(total)
                values.append(Double(bucket.value) / 1e6)
            }
            let valueAtRank = { (rank: Int) -> Double in
                let target = UInt64(rank)
                var low = 0, high = cumulative.count - 1
                while low < high {
                    let middle = (low + high) / 2
                    if cumulative[middle] >= target { high = middle } else { low = middle + 1 }
                }
                return values[low]
            }
            let n = Int(total)
            p95 = BootstrapPercentile.estimate(count: n, percentile: 0.95, level: confidence, resamples: 1_000, seed: seed,
                                               value: valueAtRank)
            p99 = BootstrapPercentile.estimate(count: n, percentile: 0.99, level: confidence, resamples: 1_000, seed: seed &+ 1,
                                               value: valueAtRank)
        }
        let total = Double(totalNanoseconds) / 1e6
        return LatencySummary(
            count: executed, totalMs: total, meanMs: total / Double(executed),
            p50Ms: ms(50), p95Ms: ms(95), p99Ms: ms(99), maxMs: Double(histogram.max) / 1e6,
            p95Interval: p95?.interval, p99Interval: p99?.interval,
            spectrumMs: LatencySummary.spectrumPercentiles.map(ms))
    }
}
