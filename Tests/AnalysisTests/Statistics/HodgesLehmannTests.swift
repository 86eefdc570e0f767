import TestSupport
import Testing
@testable import Analysis

@Suite struct HodgesLehmannTests {
    // Expected values: D = np.sort(np.subtract.outer(y, x).ravel()); shift = np.median(D); the
    // interval is [D[k-1], D[N-k]] with k the largest integer such that
    // 2 * scipy.stats._mannwhitneyu._MWU(m, n).cdf(k - 1) <= 1 - level (exact, m and n ≤ 50), or
    // k = floor(m*n/2 + 0.5 - ndtri(1 - alpha/2) * sqrt(tie-corrected variance)) (normal).
    // The whole script is in the comments of each test.

    @Test func twoSampleSmallUsesTheExactDistribution() throws {
        // hl2(x, y, 0.95, exact=True) -> median -0.56, k 18, D[17] -1.183, D[63] 0.3699999999999999
        let estimate = try #require(HodgesLehmann.twoSample(Samples.x, Samples.y, level: 0.95))
        #expect(close(estimate.shift, -0.56))
        let interval = try #require(estimate.interval)
        #expect(interval.lowerBound == -1.183)
        #expect(interval.upperBound == 0.3699999999999999)
        #expect(RankCriticalValue.mannWhitney(9, 9, tieTerm: 0, level: 0.95) == 18)
    }

    @Test func twoSampleAtTheExactLimit() throws {
        // bx = spreadX(40); by = spreadY(45); hl2(bx, by, 0.95, True)
        //   -> median -0.1999999999999995, k 678, D[677] -1.5, D[N-678] 1.1999999999999993
        let estimate = try #require(HodgesLehmann.twoSample(Samples.spreadX(40), Samples.spreadY(45)))
        #expect(estimate.shift == -0.1999999999999995)
        #expect(estimate.interval == -1.5...1.1999999999999993)
        #expect(RankCriticalValue.mannWhitney(40, 45, tieTerm: 0, level: 0.95) == 678)
    }

    @Test func twoSampleLargeUsesTheNormalApproximation() throws {
        // cx = spreadX(60); cy = spreadY(70); hl2(cx, cy, 0.9, False)
        //   -> median 0.0, k 1748, D[1747] -0.8999999999999999, D[N-1748] 0.8999999999999995
        let estimate = try #require(HodgesLehmann.twoSample(Samples.spreadX(60), Samples.spreadY(70), level: 0.9))
        #expect(estimate.shift == 0)
        #expect(estimate.interval == -0.8999999999999999...0.8999999999999995)
    }

    @Test func pairedSmallUsesTheExactDistribution() throws {
        // d = y - x; W = sorted Walsh averages; k largest with 2 * WilcoxonDistribution(9).cdf(k-1) <= 0.05
        //   -> median -0.4600000000000001, k 6, W[5] -0.786, W[M-6] -0.010000000000000009
        let estimate = try #require(HodgesLehmann.paired(before: Samples.x, after: Samples.y))
        #expect(close(estimate.shift, -0.46))
        #expect(close(try #require(estimate.interval?.lowerBound), -0.786))
        #expect(close(try #require(estimate.interval?.upperBound), -0.01))
        #expect(RankCriticalValue.signedRank(9, tieTerm: 0, level: 0.95) == 6)
    }

    @Test func pairedExactAtNinetyNinePercent() throws {
        // hl1(differences(30), 0.99, True) -> median 0.5, k 110, W[109] -1.5, W[M-110] 2.357142857142857
        let estimate = try #require(HodgesLehmann.paired(differences: Samples.differences(30), level: 0.99))
        #expect(estimate.shift == 0.5)
        #expect(estimate.interval == -1.5...2.357142857142857)
    }

    @Test func pairedLargeUsesTheNormalApproximation() throws {
        // hl1(differences(80), 0.95, False) -> median 0.7857142857142858, k 1211, W[1210] 0.0,
        //   W[M-1211] 1.5714285714285716
        let estimate = try #require(HodgesLehmann.paired(differences: Samples.differences(80)))
        #expect(estimate.shift == 0.7857142857142858)
        #expect(estimate.interval == 0.0...1.5714285714285716)
    }

    @Test func emptySamplesHaveNoEstimate() {
        #expect(HodgesLehmann.twoSample([], [1, 2]) == nil)
        #expect(HodgesLehmann.twoSample([1, 2], []) == nil)
        #expect(HodgesLehmann.paired(differences: []) == nil)
    }

    @Test func oneElementHasAnEstimateButNoInterval() throws {
        let two = try #require(HodgesLehmann.twoSample([3], [5]))
        #expect(two.shift == 2)
        #expect(two.interval == nil)
        let paired = try #require(HodgesLehmann.paired(differences: [1.5]))
        #expect(paired.shift == 1.5)
        #expect(paired.interval == nil)
        // Five paired differences cannot give 95% (2·P(T ≤ 0) = 1/16 > 0.05), six can.
        #expect(RankCriticalValue.signedRank(5, tieTerm: 0, level: 0.95) == nil)
        #expect(RankCriticalValue.signedRank(6, tieTerm: 0, level: 0.95) == 1)
    }

    @Test func allTiesGiveAZeroShiftWithAZeroWidthInterval() throws {
        let sample = [Double](repeating: 4, count: 30)
        let two = try #require(HodgesLehmann.twoSample(sample, sample))
        #expect(two.shift == 0)
        #expect(two.interval == 0...0)
        let paired = try #require(HodgesLehmann.paired(before: sample, after: sample))
        #expect(paired.shift == 0)
        #expect(paired.interval == 0...0)
    }

    @Test func identicalSamplesGiveZeroShiftInsideTheInterval() throws {
        var random = SplitMix64(seed: 7)
        let sample = (0..<300).map { _ in Double(random.next() % 10_000) / 100 }
        let estimate = try #require(HodgesLehmann.twoSample(sample, sample))
        #expect(estimate.shift == 0)
        #expect(try #require(estimate.interval).contains(0))
    }

    @Test func shiftingYShiftsTheEstimateAndInterval() throws {
        var random = SplitMix64(seed: 11)
        let x = (0..<200).map { _ in Double(random.next() % 1_000) }
        let y = (0..<150).map { _ in Double(random.next() % 1_000) }
        let base = try #require(HodgesLehmann.twoSample(x, y))
        let moved = try #require(HodgesLehmann.twoSample(x, y.map { $0 + 250 }))
        #expect(moved.shift == base.shift + 250)
        #expect(moved.interval?.lowerBound == base.interval.map { $0.lowerBound + 250 })
        #expect(moved.interval?.upperBound == base.interval.map { $0.upperBound + 250 })
        let pairedBase = try #require(HodgesLehmann.paired(before: x, after: x.map { $0 * 2 }))
        let pairedMoved = try #require(HodgesLehmann.paired(before: x, after: x.map { $0 * 2 + 250 }))
        #expect(pairedMoved.shift == pairedBase.shift + 250)
    }

    @Test func swappingTheSamplesNegatesTheShift() throws {
        let forward = try #require(HodgesLehmann.twoSample(Samples.spreadX(33), Samples.spreadY(41)))
        let backward = try #require(HodgesLehmann.twoSample(Samples.spreadY(41), Samples.spreadX(33)))
        #expect(close(forward.shift, -backward.shift, 1e-12))
    }

    @Test func aHundredThousandPairsWithoutTheQuadraticPairs() throws {
        // 10¹⁰ pairwise differences and 5·10⁹ Walsh averages would not fit in memory; selection
        // must find the known shift. y is x shifted by 3 (plus noise), x is uniform on [0, 100).
        var random = SplitMix64(seed: 2_026)
        let count = 100_000
        let x = (0..<count).map { _ in Double(random.next() % 1_000_000) / 10_000 }
        let y = x.map { $0 + 3 + Double(random.next() % 1_000) / 1_000 - 0.5 }
        let paired = try #require(HodgesLehmann.paired(before: x, after: y))
        #expect(abs(paired.shift - 3) < 0.01)
        let interval = try #require(paired.interval)
        #expect(interval.contains(paired.shift))
        #expect(interval.upperBound - interval.lowerBound < 0.02)
        let two = try #require(HodgesLehmann.twoSample(x, y))
        #expect(abs(two.shift - 3) < 0.5)
        #expect(try #require(two.interval).contains(two.shift))
    }
}
