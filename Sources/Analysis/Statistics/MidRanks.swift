/// Midranks of pooled values (ties share the average of their ranks) and the tie term Σ(t³ − t) that
/// the rank tests subtract from their variance.
struct MidRanks {
    /// The rank of `values[i]`, 1-based.
    let ranks: [Double]
    /// Σ(t³ − t) over groups of t tied values.
    let tieTerm: Double

    init(_ values: [Double]) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var tieTerm = 0.0
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && values[order[end]] == values[order[start]] {
                end += 1
            }
            let rank = Double(start + 1 + end) / 2  // mean of start+1 ... end
            for position in start..<end {
                ranks[order[position]] = rank
            }
            let t = Double(end - start)
            tieTerm += t * t * t - t
            start = end
        }
        self.ranks = ranks
        self.tieTerm = tieTerm
    }
}
