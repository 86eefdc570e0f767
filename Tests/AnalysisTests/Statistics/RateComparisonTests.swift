import Testing
@testable import Analysis

@Suite struct RateComparisonTests {
    @Test func largeCountsUseTheTwoProportionTest() throws {
        // scipy.stats.chi2_contingency([[120, 4880], [160, 4840]], correction=False)[1] -> 0.015323437605445347
        let result = try #require(RateComparison.test(failures1: 120, of: 5_000, failures2: 160, of: 5_000))
        #expect(result.method == .twoProportion)
        #expect(close(result.pValue, 0.015323437605445347))
        #expect(result.rate1 == 0.024)
        #expect(result.rate2 == 0.032)
    }

    @Test func smallCountsUseFishersExactTest() throws {
        // scipy.stats.fisher_exact([[1, 199], [7, 203]]).pvalue -> 0.06829582387133223
        let result = try #require(RateComparison.test(failures1: 1, of: 200, failures2: 7, of: 210))
        #expect(result.method == .fisherExact)
        #expect(close(result.pValue, 0.06829582387133223))
        // scipy.stats.fisher_exact([[0, 50], [4, 46]]).pvalue -> 0.11746329272102468
        let zero = try #require(RateComparison.test(failures1: 0, of: 50, failures2: 4, of: 50))
        #expect(close(zero.pValue, 0.11746329272102468))
    }

    @Test func equalRatesGiveOne() throws {
        #expect(close(try #require(RateComparison.test(failures1: 3, of: 100, failures2: 3, of: 100)).pValue, 1))
        #expect(try #require(RateComparison.test(failures1: 0, of: 100, failures2: 0, of: 7)).pValue == 1)
        #expect(try #require(RateComparison.test(failures1: 9, of: 9, failures2: 4, of: 4)).pValue == 1)
        #expect(close(try #require(RateComparison.test(failures1: 500, of: 10_000, failures2: 500, of: 10_000)).pValue, 1))
        #expect(RateComparison.test(failures1: 0, of: 0, failures2: 1, of: 5) == nil)
    }

    @Test func symmetricInTheTwoSides() throws {
        let forward = try #require(RateComparison.test(failures1: 2, of: 900, failures2: 9, of: 1_000))
        let backward = try #require(RateComparison.test(failures1: 9, of: 1_000, failures2: 2, of: 900))
        #expect(close(forward.pValue, backward.pValue, 1e-12))
    }
}
