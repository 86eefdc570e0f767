import Analysis

/// The charts of one statement that deserves a look (it fails the gate, or it takes a large share of the
/// time): its percentile spectrum and its distribution, baseline against candidate (and control).
struct StatementChartItem {
    var chartStatement: String
    var chartFingerprint: String
    var chartStatus: String
    var chartStatusLabel: String
    var chartLink: String?
    var chartSummary: String
    var spectrumChart: String
    var ecdfChart: String

    /// The statements to chart: every failing one first, then the largest by share of time, `limit` in
    /// all, skipping those without latency measurements.
    static func select(from fingerprints: [FingerprintComparison], limit: Int, largestByShare: Int = 4) -> [FingerprintComparison] {
        let measured = fingerprints.filter { $0.baseline.count > 0 || $0.candidate.count > 0 }
        var chosen = FingerprintOrder.failingFirst(measured).filter { $0.status.fails }
        let failing = Set(chosen.map(\.fingerprint))
        chosen += measured.filter { !failing.contains($0.fingerprint) }
            .sorted { $0.shareOfTime > $1.shareOfTime }
            .prefix(largestByShare)
        return Array(chosen.prefix(max(0, limit)))
    }

    init?(_ row: FingerprintComparison, maximumStatementLength: Int, anchors: Set<String>) {
        let series = LatencySeries.of(baseline: row.baseline, candidate: row.candidate, control: row.control)
        let name = "statement \(row.fingerprint)"
        guard let spectrum = PercentileSpectrumChart(title: "Percentile spectrum of \(name)", series: series, width: 520, height: 260).svg(),
              let ecdf = ECDFChart(title: "Distribution of \(name)", series: series, width: 520, height: 260).svg()
        else { return nil }
        chartStatement = row.statement.isEmpty ? "(statement text not recorded)"
            : StatementText.truncated(row.statement, to: maximumStatementLength)
        chartFingerprint = row.fingerprint.description
        chartStatus = row.status.rawValue
        chartStatusLabel = row.status.label
        chartLink = anchors.contains("fp-\(row.fingerprint)") ? "#fp-\(row.fingerprint)" : nil
        var summary = "\(ReportFormat.count(row.pairedCalls)) paired calls, \(ReportFormat.percent(row.shareOfTime)) of the baseline's time"
        if let latency = row.latency {
            summary += "; typical change \(ReportFormat.ratio(latency.ratio)) (interval \(ReportFormat.ratioInterval(latency.ratioInterval))), adjusted p \(ReportFormat.pValue(latency.adjustedPValue))"
        }
        chartSummary = summary
        spectrumChart = spectrum
        ecdfChart = ecdf
    }
}
