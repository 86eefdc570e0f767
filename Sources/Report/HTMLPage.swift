import Analysis

/// Everything the page template shows, as strings ready to place (formatted and cut here; the template
/// escapes them) plus the charts' SVG (escaped by the chart code). Built from the report and the options.
struct HTMLPage {
    /// A labelled value.
    struct Fact {
        var label: String
        var value: String
        var detail: String?
    }

    /// How many statements have one status, for the chips above the table.
    struct StatusCount {
        var countStatus: String
        var countLabel: String
        var count: String
    }

    /// One run's workload latency, a row of the at-a-glance table.
    struct WorkloadRow {
        var runLabel: String
        var runColor: String
        var requests: String
        var totalTime: String
        var mean: String
        var median: String
        var p95: String
        var p99: String
        var maximum: String
    }

    var title: String
    var verdictClass: String
    var verdictWord: String
    var headline: String
    var bannerFacts: [Fact]
    var reasonsTitle: String
    var reasons: [ReasonItem]
    var noReasons: String?
    var notes: [String]
    var statusCounts: [StatusCount]
    var rows: [FingerprintRow]
    var rowsMore: String?
    var workloadRows: [WorkloadRow]
    var workloadSpectrum: String?
    var workloadECDF: String?
    var timelineChart: String?
    var statementCharts: [StatementChartItem]
    var statementChartsIntro: String
    var errorsChart: String?
    var errorsChartMore: String?
    var errorChanges: [ErrorChangeItem]
    var errorChangesMore: String?
    var examples: [ResultExampleItem]
    var examplesMore: String?
    var examplesNone: String?
    var noise: NoiseSection?
    var noControl: String?
    var thresholds: [ThresholdRow]
    var environment: EnvironmentTable
    var footer: String

    /// SQLSTATEs drawn in the errors chart at most.
    static let maximumSQLStates = 15
    /// Error changes listed at most.
    static let maximumErrorChanges = 100

    init(_ report: ComparisonReport, options: HTMLReport.Options) {
        let length = max(8, options.maximumStatementLength)
        let ordered = FingerprintOrder.failingFirst(report.fingerprints)
        let shown = Array(ordered.prefix(max(0, options.maximumFingerprints)))
        let anchors = Set(shown.map { "fp-\($0.fingerprint)" })
        var statements: [Fingerprint: String] = [:]
        for row in report.fingerprints { statements[row.fingerprint] = row.statement }
        let workload = report.workload

        title = options.title
        let failed = report.verdict == .fail
        verdictClass = failed ? "fail" : "pass"
        verdictWord = failed ? "FAIL" : "PASS"
        let reasonCount = report.reasons.count
        headline = failed
            ? "The candidate failed the gate: \(reasonCount == 1 ? "1 reason" : "\(reasonCount) reasons")."
            : "The candidate passed the gate."
        bannerFacts = [
            Fact(label: "Statements", value: ReportFormat.count(workload.fingerprints)),
            Fact(label: "Paired requests", value: ReportFormat.count(workload.pairedRequests),
                 detail: workload.unpairedRequests > 0 ? "\(ReportFormat.count(workload.unpairedRequests)) unpaired" : nil),
            Fact(label: "Total time", value: ReportFormat.percent(workload.weightedChange, signed: true),
                 detail: ReportFormat.percentInterval(workload.weightedChangeInterval)),
            Fact(label: "Workload p99", value: "\(ReportFormat.milliseconds(workload.baseline.p99Ms)) → \(ReportFormat.milliseconds(workload.candidate.p99Ms)) ms"),
            Fact(label: "Control", value: report.noise == nil ? "none" : "yes"),
        ]
        reasonsTitle = failed ? "Why it failed" : reasonCount > 0 ? "Findings" : "Verdict"
        reasons = report.reasons.map { ReasonItem($0, maximumStatementLength: length, anchors: anchors) }
        noReasons = reasonCount == 0
            ? "No reason to fail: no new errors that fail the gate, no result differences and no latency regression beyond the thresholds below."
            : nil
        notes = report.notes

        statusCounts = FingerprintStatus.allCases.compactMap { status in
            let count = report.fingerprints.filter { $0.status == status }.count
            return count == 0 ? nil : StatusCount(countStatus: status.rawValue, countLabel: status.label, count: ReportFormat.count(count))
        }
        rows = shown.enumerated().map { FingerprintRow($0.element, order: $0.offset, maximumStatementLength: length) }
        let hidden = ordered.dropFirst(shown.count)
        let hiddenFailing = hidden.filter { $0.status.fails }.count
        if hidden.isEmpty {
            rowsMore = nil
        } else if hiddenFailing == 0 {
            rowsMore = "\(ReportFormat.count(hidden.count)) more statements not shown, \(ReportFormat.percent(hidden.reduce(0) { $0 + $1.shareOfTime })) of the baseline's time; none of them fails the gate."
        } else {
            rowsMore = "\(ReportFormat.count(hidden.count)) more statements not shown, \(ReportFormat.count(hiddenFailing)) of them failing the gate: see the JSON verdict."
        }

        var runs: [(RunKind, LatencySummary, Double)] = [(.baseline, workload.baseline, workload.baselineTotalMs),
                                                         (.candidate, workload.candidate, workload.candidateTotalMs)]
        if let control = workload.control { runs.append((.control, control, workload.controlTotalMs ?? control.totalMs)) }
        workloadRows = runs.map { run, summary, total in
            WorkloadRow(runLabel: run.label, runColor: run.color, requests: ReportFormat.count(summary.count),
                        totalTime: ReportFormat.duration(seconds: total / 1000), mean: ReportFormat.milliseconds(summary.meanMs),
                        median: ReportFormat.milliseconds(summary.p50Ms),
                        p95: Self.withInterval(summary.p95Ms, summary.p95Interval, count: summary.count),
                        p99: Self.withInterval(summary.p99Ms, summary.p99Interval, count: summary.count),
                        maximum: ReportFormat.milliseconds(summary.maxMs))
        }
        let series = LatencySeries.of(baseline: workload.baseline, candidate: workload.candidate, control: workload.control)
        workloadSpectrum = PercentileSpectrumChart(title: "Percentile spectrum of the whole workload", series: series).svg()
        workloadECDF = ECDFChart(title: "Distribution of the whole workload", series: series).svg()
        timelineChart = TimelineChart(title: "Latency over each run's timeline", timeline: report.timeline).svg()
        statementCharts = StatementChartItem.select(from: report.fingerprints, limit: options.maximumFingerprintCharts)
            .compactMap { StatementChartItem($0, maximumStatementLength: length, anchors: anchors) }
        statementChartsIntro = report.fingerprints.contains { $0.status.fails }
            ? "Every statement that fails the gate, then the largest by share of time."
            : "The statements with the largest share of time."

        let states = report.errorsBySQLState
            .filter { $0.baseline > 0 || $0.candidate > 0 || ($0.control ?? 0) > 0 }
            .sorted { max($0.baseline, $0.candidate, $0.control ?? 0) > max($1.baseline, $1.candidate, $1.control ?? 0) }
        let hasControl = report.noise != nil || report.runs.control != nil || states.contains { $0.control != nil }
        errorsChart = BarChart(
            title: "Failed requests by SQLSTATE, per run",
            groups: states.prefix(Self.maximumSQLStates).map { state in
                var values: [(run: RunKind, value: Int)] = [(.baseline, state.baseline), (.candidate, state.candidate)]
                if hasControl { values.append((.control, state.control ?? 0)) }
                return BarChart.Group(label: state.sqlState, detail: state.conditionName, values: values)
            },
            valueTitle: "failed requests").svg()
        errorsChartMore = states.count > Self.maximumSQLStates
            ? "\(ReportFormat.count(states.count - Self.maximumSQLStates)) more SQLSTATEs with fewer failures are in the JSON verdict." : nil
        let changes = ErrorChangeItem.all(in: report.fingerprints)
        errorChanges = changes.prefix(Self.maximumErrorChanges).map {
            ErrorChangeItem(row: $0.row, change: $0.change, maximumStatementLength: length, anchors: anchors)
        }
        errorChangesMore = changes.count > Self.maximumErrorChanges
            ? "\(ReportFormat.count(changes.count - Self.maximumErrorChanges)) more error changes are in the JSON verdict." : nil

        examples = report.resultExamples.prefix(max(0, options.maximumExamples)).map {
            ResultExampleItem($0, statement: statements[$0.fingerprint], maximumStatementLength: length, anchors: anchors)
        }
        let moreExamples = report.resultExamples.count - examples.count
        examplesMore = moreExamples > 0 ? "\(ReportFormat.count(moreExamples)) more examples are in the JSON verdict." : nil
        if !report.resultExamples.isEmpty {
            examplesNone = nil
        } else if report.fingerprints.contains(where: { $0.results.differing > 0 }) {
            examplesNone = "Some results differ (see the table), but no example was recorded."
        } else {
            examplesNone = "No request returned a different result on the candidate."
        }

        noise = report.noise.map { NoiseSection($0, statements: statements, maximumStatementLength: length, anchors: anchors) }
        noControl = report.noise == nil
            ? "There was no control run. A control is a second copy of the baseline, replayed the same way: what differs between two identical copies is noise (caches, vacuum, the machine, now() and random()). Without it, latency changes were judged against the thresholds alone, and results that vary by themselves can show up as differences. Replay a second, unmigrated copy too and pass its run file with --control to measure the noise."
            : nil
        thresholds = ThresholdRow.rows(report.policy)
        environment = EnvironmentTable(report.runs)
        footer = "pgrehearse \(report.runs.candidate.toolVersion)"
    }

    /// "0.836 (0.80–0.87)": a tail percentile with its bootstrap interval, or "(not enough data)".
    static func withInterval(_ value: Double, _ interval: ClosedRange<Double>?, count: Int) -> String {
        guard count > 0 else { return "–" }
        let range = interval.map { "(" + ReportFormat.milliseconds($0.lowerBound) + "–" + ReportFormat.milliseconds($0.upperBound) + ")" }
        return ReportFormat.milliseconds(value) + " " + (range ?? "(not enough data)")
    }
}
