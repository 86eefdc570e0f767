import Analysis

/// One row of the HTML statement table, every cell formatted and every sort key ready: the template only
/// places strings. Sort keys are plain numbers (or text) in `data-sort` attributes for the page's script.
struct FingerprintRow {
    /// One percentile cell: baseline → candidate, sorted by the candidate.
    struct Percentile {
        var baseline: String
        var candidate: String
        var sortKey: String
        var tooltip: String
        /// The candidate's bootstrap interval for p95 and p99 ("0.41–0.52"), "not enough data" below the
        /// samples an interval needs, empty for p50.
        var interval: String
    }

    var anchor: String
    var order: Int
    var status: String
    var statusLabel: String
    var statusSort: Int
    var statement: String
    var statementFull: String?
    var statementSort: String
    var fingerprint: String
    var calls: String
    var callsSort: Int
    var callsTooltip: String
    var share: String
    var shareSort: String
    var shareBarWidth: String
    var p50: Percentile
    var p95: Percentile
    var p99: Percentile
    var ratio: String
    var ratioInterval: String
    var ratioSort: String
    var ratioClass: String
    var adjustedP: String
    var adjustedPSort: String
    var errorsNew: String
    var errorsFixed: String
    var errorsSort: Int
    var errorsTooltip: String
    var errorsClass: String
    var results: String
    var resultsCompared: String
    var resultsSort: Int
    var resultsTooltip: String
    var resultsClass: String

    /// Full statements longer than this are cut even in the expanded view, to bound the page's size.
    static let maximumFullStatementLength = 4000

    init(_ row: FingerprintComparison, order: Int, maximumStatementLength: Int) {
        anchor = "fp-\(row.fingerprint)"
        self.order = order
        status = row.status.rawValue
        statusLabel = row.status.label
        statusSort = row.status.severity
        let oneLine = StatementText.oneLine(row.statement)
        statement = row.statement.isEmpty ? "(statement text not recorded)" : StatementText.cut(oneLine, to: maximumStatementLength)
        statementFull = oneLine.count > maximumStatementLength
            ? StatementText.cut(row.statement, to: Self.maximumFullStatementLength) : nil
        statementSort = String(oneLine.prefix(120)).lowercased()
        fingerprint = row.fingerprint.description
        calls = ReportFormat.count(row.pairedCalls)
        callsSort = row.pairedCalls
        callsTooltip = "paired \(ReportFormat.count(row.pairedCalls)); executed: baseline \(ReportFormat.count(row.baselineCalls)), candidate \(ReportFormat.count(row.candidateCalls))"
            + (row.control.map { ", control \(ReportFormat.count($0.count))" } ?? "")
        share = ReportFormat.percent(row.shareOfTime)
        shareSort = String(row.shareOfTime)
        shareBarWidth = ReportFormat.fixed(min(max(row.shareOfTime, 0), 1) * 100, digits: 1)
        p50 = Self.percentile("p50", \.p50Ms, nil, row)
        p95 = Self.percentile("p95", \.p95Ms, \.p95Interval, row)
        p99 = Self.percentile("p99", \.p99Ms, \.p99Interval, row)

        if let latency = row.latency {
            ratio = ReportFormat.ratio(latency.ratio)
            ratioInterval = ReportFormat.ratioInterval(latency.ratioInterval)
            ratioSort = latency.ratio.isFinite ? String(latency.ratio) : "1e300"
            adjustedP = ReportFormat.pValue(latency.adjustedPValue)
            adjustedPSort = latency.adjustedPValue.isFinite ? String(latency.adjustedPValue) : "2"
        } else {
            ratio = "–"
            ratioInterval = ""
            ratioSort = "-1"
            adjustedP = "–"
            adjustedPSort = "2"
        }
        ratioClass = row.status == .regressed ? "worse" : row.status == .improved ? "better" : ""

        let newErrors = row.errors.reduce(0) { $0 + $1.new }
        let fixedErrors = row.errors.reduce(0) { $0 + $1.fixed }
        errorsNew = newErrors > 0 ? "+" + ReportFormat.count(newErrors) : "0"
        errorsFixed = fixedErrors > 0 ? "−" + ReportFormat.count(fixedErrors) : "0"
        errorsSort = newErrors
        errorsTooltip = row.errors.isEmpty ? "no error changes"
            : row.errors.map { change in
                let name = change.conditionName.isEmpty ? change.sqlState : "\(change.sqlState) \(change.conditionName)"
                return "\(name): \(change.new) new, \(change.fixed) fixed, \(change.changed) changed"
            }.joined(separator: "; ")
        errorsClass = row.errors.contains { $0.fails } ? "worse" : newErrors > 0 ? "warn" : ""

        let comparison = row.results
        results = comparison.compared == 0 ? "–" : ReportFormat.count(comparison.differing)
        resultsCompared = comparison.compared == 0 ? "" : "of " + ReportFormat.count(comparison.compared)
        resultsSort = comparison.differing
        var resultsTooltip = "\(ReportFormat.count(comparison.differing)) of \(ReportFormat.count(comparison.compared)) compared results differ"
        resultsTooltip += comparison.ordered ? " (compared in order)" : " (compared as a multiset)"
        if let control = comparison.controlDiffering {
            resultsTooltip += "; \(ReportFormat.count(control)) differ between baseline and control"
        }
        if comparison.nondeterministic { resultsTooltip += "; nondeterministic, left out of the gate" }
        self.resultsTooltip = resultsTooltip
        resultsClass = comparison.differing == 0 ? "" : comparison.nondeterministic ? "muted" : "worse"
    }

    private static func percentile(_ name: String, _ value: KeyPath<LatencySummary, Double>,
                                   _ interval: KeyPath<LatencySummary, ClosedRange<Double>?>?, _ row: FingerprintComparison) -> Percentile {
        let baseline = row.baseline[keyPath: value], candidate = row.candidate[keyPath: value]
        func described(_ summary: LatencySummary) -> String {
            guard let interval, let range = summary[keyPath: interval] else { return "" }
            return " (95 % bootstrap interval \(ReportFormat.milliseconds(range.lowerBound))–\(ReportFormat.milliseconds(range.upperBound)))"
        }
        var tooltip = "\(name): baseline \(ReportFormat.milliseconds(baseline)) ms\(described(row.baseline)), "
            + "candidate \(ReportFormat.milliseconds(candidate)) ms\(described(row.candidate))"
        if let control = row.control {
            tooltip += ", control \(ReportFormat.milliseconds(control[keyPath: value])) ms\(described(control))"
        }
        var shownInterval = ""
        if let interval, row.candidate.count > 0 {
            shownInterval = row.candidate[keyPath: interval].map {
                ReportFormat.milliseconds($0.lowerBound) + "–" + ReportFormat.milliseconds($0.upperBound)
            } ?? "not enough data"
        }
        let hasData = row.baseline.count > 0 || row.candidate.count > 0
        return Percentile(baseline: row.baseline.count > 0 ? ReportFormat.milliseconds(baseline) : "–",
                          candidate: row.candidate.count > 0 ? ReportFormat.milliseconds(candidate) : "–",
                          sortKey: hasData && candidate.isFinite ? String(candidate) : "-1", tooltip: tooltip,
                          interval: shownInterval)
    }
}
