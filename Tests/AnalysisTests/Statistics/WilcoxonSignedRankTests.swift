import Testing
@testable import Analysis

@Suite struct WilcoxonSignedRankTests {
    @Test func matchesScipy() throws {
        // d = [b - a for a, b in zip(x, y)]
        // scipy.stats.wilcoxon(d, method='asymptotic', correction=True) -> statistic 5.0, pvalue 0.04401098401295143
        let result = try #require(WilcoxonSignedRank.test(before: Samples.x, after: Samples.y))
        #expect(result.rankSumPositive == 5)
        #expect(result.used == 9)
        #expect(close(result.pValue, 0.04401098401295143))
    }

    @Test func matchesScipyWithTiesAndZeros() throws {
        // scipy.stats.wilcoxon(differences(80), method='asymptotic', correction=True).pvalue
        //   -> 0.05175698776230038 (zeros dropped, many tied magnitudes)
        let differences = Samples.differences(80)
        #expect(differences.contains(0))
        let result = try #require(WilcoxonSignedRank.test(differences: differences))
        #expect(result.used < 80)
        #expect(close(result.pValue, 0.05175698776230038))
    }

    @Test func symmetricUnderNegation() throws {
        let differences = Samples.differences(50)
        let forward = try #require(WilcoxonSignedRank.test(differences: differences))
        let backward = try #require(WilcoxonSignedRank.test(differences: differences.map { -$0 }))
        #expect(close(forward.pValue, backward.pValue, 1e-12))
        #expect(close(forward.z, -backward.z, 1e-12))
    }

    @Test func identicalPairsGiveOne() throws {
        let sample = [3.0, 1, 4, 1, 5]
        let result = try #require(WilcoxonSignedRank.test(before: sample, after: sample))
        #expect(result.pValue == 1)
        #expect(result.used == 0)
        #expect(WilcoxonSignedRank.test(differences: []) == nil)
        // One difference: mean 0.5, variance 0.25, z = (1 − 0.5 − 0.5)/0.5 = 0.
        #expect(try #require(WilcoxonSignedRank.test(differences: [2])).pValue == 1)
    }
}
