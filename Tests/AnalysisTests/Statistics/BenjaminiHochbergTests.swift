import Testing
@testable import Analysis

@Suite struct BenjaminiHochbergTests {
    @Test func matchesScipy() {
        // scipy.stats.false_discovery_control([0.01, 0.04, 0.03, 0.005, 0.5, 0.04], method='bh')
        //   -> [0.03, 0.048, 0.048, 0.03, 0.5, 0.048]
        let q = BenjaminiHochberg.adjust([0.01, 0.04, 0.03, 0.005, 0.5, 0.04])
        let expected = [0.03, 0.048, 0.048, 0.03, 0.5, 0.048]
        #expect(q.count == expected.count)
        for (value, wanted) in zip(q, expected) {
            #expect(close(value, wanted, 1e-12))
        }
        #expect(BenjaminiHochberg.significant([0.01, 0.04, 0.03, 0.005, 0.5, 0.04], rate: 0.04)
                == [true, false, false, true, false, false])
        #expect(BenjaminiHochberg.significant([0.01, 0.04, 0.03, 0.005, 0.5, 0.04], rate: 0.05)
                == [true, true, true, true, false, true])
    }

    @Test func edges() {
        #expect(BenjaminiHochberg.adjust([]) == [])
        #expect(BenjaminiHochberg.adjust([0.2]) == [0.2])
        #expect(BenjaminiHochberg.adjust([0.9, 0.8, 1]) == [1, 1, 1])
        // Never below the raw p-value, never above 1.
        let p = [0.001, 0.2, 0.7, 0.04, 0.04, 0.6]
        for (raw, adjusted) in zip(p, BenjaminiHochberg.adjust(p)) {
            #expect(adjusted >= raw && adjusted <= 1)
        }
    }
}
