import Testing
@testable import Analysis

@Suite struct NormalTests {
    @Test func quantilesMatchScipy() {
        // scipy.stats.norm.ppf([1e-10, 0.001, 0.025, 0.3, 0.5, 0.975, 1-1e-12])
        let p = [1e-10, 0.001, 0.025, 0.3, 0.5, 0.975, 1 - 1e-12]
        let expected = [-6.361340902404056, -3.090232306167813, -1.9599639845400545, -0.5244005127080409,
                        0.0, 1.959963984540054, 7.0344869100478356]
        for (probability, wanted) in zip(p, expected) {
            #expect(close(Normal.quantile(probability), wanted, 1e-12))
        }
    }

    @Test func cdfInvertsQuantile() {
        for p in stride(from: 0.001, to: 1, by: 0.0371) {
            #expect(close(Normal.cdf(Normal.quantile(p)), p, 1e-13))
        }
        #expect(Normal.cdf(0) == 0.5)
        #expect(close(Normal.survival(8), 6.22096057427174e-16, 1e-9))  // scipy.stats.norm.sf(8)
    }
}
