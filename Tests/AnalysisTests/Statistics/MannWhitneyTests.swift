import Testing
@testable import Analysis

@Suite struct MannWhitneyTests {
    @Test func matchesScipyWithTies() throws {
        // scipy.stats.mannwhitneyu(x, y, method='asymptotic') -> statistic 58.0, pvalue 0.13291945818531892
        let result = try #require(MannWhitney.test(Samples.x, Samples.y))
        #expect(result.u == 58)
        #expect(close(result.pValue, 0.13291945818531892))
    }

    @Test func matchesScipyOnLargerSamples() throws {
        // scipy.stats.mannwhitneyu(spreadX(40), spreadY(45), method='asymptotic').pvalue -> 0.8086694156270351
        let result = try #require(MannWhitney.test(Samples.spreadX(40), Samples.spreadY(45)))
        #expect(close(result.pValue, 0.8086694156270351))
    }

    @Test func separatedSamplesAreSignificantEitherWayRound() throws {
        let low = (0..<30).map(Double.init)
        let high = low.map { $0 + 100 }
        let forward = try #require(MannWhitney.test(low, high))
        let backward = try #require(MannWhitney.test(high, low))
        #expect(forward.u == 0)
        #expect(backward.u == 900)
        #expect(forward.pValue < 1e-9)
        #expect(close(forward.pValue, backward.pValue, 1e-12))
    }

    @Test func identicalSamplesAndAllTiesGiveOne() throws {
        let sample = [3.0, 1, 4, 1, 5, 9, 2, 6]
        #expect(try #require(MannWhitney.test(sample, sample)).pValue == 1)
        let tied = try #require(MannWhitney.test([2, 2, 2], [2, 2]))
        #expect(tied.pValue == 1)
        #expect(tied.z == 0)
    }

    @Test func emptyHasNoTest() {
        #expect(MannWhitney.test([], [1]) == nil)
        #expect(MannWhitney.test([1], []) == nil)
    }
}
