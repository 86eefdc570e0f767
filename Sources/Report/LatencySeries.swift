import Analysis

/// One run's latency distribution as a chart draws it: the run (for its color and label) and its summary.
struct LatencySeries {
    var run: RunKind
    var summary: LatencySummary

    /// (percentile, milliseconds) pairs of the summary's spectrum; empty when the run measured nothing.
    var spectrum: [(percentile: Double, milliseconds: Double)] {
        guard summary.count > 0 else { return [] }
        return zip(LatencySummary.spectrumPercentiles, summary.spectrumMs)
            .filter { $0.1.isFinite }
            .map { (percentile: $0.0, milliseconds: $0.1) }
    }

    /// The series of a fingerprint or workload that exist, in legend order (baseline, candidate, control).
    static func of(baseline: LatencySummary, candidate: LatencySummary, control: LatencySummary?) -> [LatencySeries] {
        var series = [LatencySeries(run: .baseline, summary: baseline), LatencySeries(run: .candidate, summary: candidate)]
        if let control { series.append(LatencySeries(run: .control, summary: control)) }
        return series
    }

    /// The order to draw in: the control first (the reference for noise, often under the baseline), then
    /// the baseline, the candidate last so that it is on top.
    static func drawingOrder(_ series: [LatencySeries]) -> [LatencySeries] {
        series.sorted { $0.run.drawingRank < $1.run.drawingRank }
    }
}
