import Testing
@testable import Analysis

@Suite struct BootstrapPercentileTests {
    /// `s = [(i*7919 % 1000)/10 + i/100000 for i in range(1000)]`: 1,000 distinct values.
    private let sample: [Double] = (0..<1_000).map { (i: Int) -> Double in
        Double(i * 7_919 % 1_000) / 10 + Double(i) / 100_000
    }

    @Test func nearestRankMatchesNumpy() throws {
        // np.percentile(s, 95, method='inverted_cdf') -> 94.90371; 99 -> 98.90531;
        // np.percentile(s[:200], 95, method='inverted_cdf') -> 94.70013
        #expect(BootstrapPercentile.percentile(0.95, of: sample) == 94.90371)
        #expect(BootstrapPercentile.percentile(0.99, of: sample) == 98.90531)
        #expect(BootstrapPercentile.percentile(0.95, of: Array(sample[..<200])) == 94.70013)
        #expect(BootstrapPercentile.percentile(0.5, of: [7]) == 7)
        #expect(BootstrapPercentile.percentile(0.5, of: []) == nil)
    }

    @Test func notEnoughData() {
        #expect(BootstrapPercentile.minimumSampleSize(percentile: 0.95) == 200)
        #expect(BootstrapPercentile.minimumSampleSize(percentile: 0.99) == 1_000)
        #expect(BootstrapPercentile.estimate(Array(sample[..<199]), percentile: 0.95) == nil)
        #expect(BootstrapPercentile.estimate(Array(sample[..<200]), percentile: 0.95) != nil)
        #expect(BootstrapPercentile.estimate(Array(sample[..<999]), percentile: 0.99) == nil)
        #expect(BootstrapPercentile.estimate([], percentile: 0.5) == nil)
    }

    @Test func intervalMatchesTheExactBootstrapDistribution() throws {
        // The bootstrap p95 of n = 1,000 is the sorted value at index I with
        // P(I <= i) = scipy.stats.beta.cdf((i+1)/n, 950, 51); its 2.5% and 97.5% quantiles are
        // indices 934 and 961 (values 93.40186 and 96.10519). 20,000 resamples land within a couple
        // of indices of them.
        let estimate = try #require(BootstrapPercentile.estimate(sample, percentile: 0.95, resamples: 20_000, seed: 5))
        let sorted = sample.sorted()
        let lower = try #require(sorted.firstIndex(of: estimate.interval.lowerBound))
        let upper = try #require(sorted.firstIndex(of: estimate.interval.upperBound))
        #expect((932...936).contains(lower))
        #expect((959...963).contains(upper))
        #expect(estimate.value == 94.90371)
    }

    @Test func sameSeedSameIntervalAndTiesCollapse() throws {
        let first = BootstrapPercentile.estimate(sample, percentile: 0.99, resamples: 500, seed: 42)
        let again = BootstrapPercentile.estimate(sample, percentile: 0.99, resamples: 500, seed: 42)
        #expect(first == again)
        let estimate = try #require(first)
        #expect(estimate.interval.contains(estimate.value))
        let tied = try #require(BootstrapPercentile.estimate([Double](repeating: 3, count: 400), percentile: 0.95))
        #expect(tied.value == 3)
        #expect(tied.interval == 3...3)
    }

    @Test func moreDataNarrowsTheInterval() throws {
        let small = try #require(BootstrapPercentile.estimate(Array(sample[..<200]), percentile: 0.95, seed: 1))
        let tripled: [Double] = sample + sample.map { $0 + 0.000001 } + sample.map { $0 + 0.000002 }
        let large = try #require(BootstrapPercentile.estimate(tripled, percentile: 0.95, seed: 1))
        #expect(large.interval.upperBound - large.interval.lowerBound
                < small.interval.upperBound - small.interval.lowerBound)
    }
}
