/// Benjamini–Hochberg control of the false discovery rate, because a workload has hundreds of
/// fingerprints and testing each at 5% would flag a dozen regressions in a migration that changed
/// nothing.
public enum BenjaminiHochberg {
    /// The adjusted p-values (q-values) in the order given: q₍ᵢ₎ = min over j ≥ i of p₍ⱼ₎·m/j, at most 1
    /// (what `scipy.stats.false_discovery_control(p, method="bh")` computes).
    public static func adjust(_ pValues: [Double]) -> [Double] {
        let count = pValues.count
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var adjusted = [Double](repeating: 1, count: count)
        var running = 1.0
        for position in stride(from: count - 1, through: 0, by: -1) {
            let index = order[position]
            // m/j first: it is at least 1 after rounding, so q is never below p by an ulp.
            running = min(running, pValues[index] * (Double(count) / Double(position + 1)))
            adjusted[index] = running
        }
        return adjusted
    }

    /// Which hypotheses are discoveries at false discovery rate `rate`: those whose q-value is at
    /// most `rate`.
    public static func significant(_ pValues: [Double], rate: Double) -> [Bool] {
        adjust(pValues).map { $0 <= rate }
    }
}
