import Testing
@testable import Analysis

@Suite struct RankCriticalValueTests {
    @Test func exactCountsAddUpToEveryArrangement() {
        // 2^12 sign patterns; C(20, 8) = 125,970 arrangements of two samples of 8 and 12.
        #expect(RankCriticalValue.signedRankCounts(12).reduce(0, +) == 4_096)
        #expect(RankCriticalValue.mannWhitneyCounts(8, 12).reduce(0, +) == 125_970)
        // The distributions are symmetric.
        let counts = RankCriticalValue.mannWhitneyCounts(7, 5)
        #expect(counts == counts.reversed())
    }

    @Test func exactCumulativeProbabilitiesMatchScipy() {
        // from scipy.stats._wilcoxon import WilcoxonDistribution; WilcoxonDistribution(10).cdf(8)
        //   -> 0.0244140625
        let signed = RankCriticalValue.signedRankCounts(10)
        #expect(signed[0...8].reduce(0, +) / 1_024 == 0.0244140625)
        // from scipy.stats._mannwhitneyu import _MWU; _MWU(6, 7).cdf(6) -> 0.01748251748251748
        let mw = RankCriticalValue.mannWhitneyCounts(6, 7)
        #expect(close(mw[0...6].reduce(0, +) / mw.reduce(0, +), 0.01748251748251748, 1e-12))
    }
}
