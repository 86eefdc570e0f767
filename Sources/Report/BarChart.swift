/// Horizontal grouped bars: one group per category (such as a SQLSTATE), one bar per run, the count at
/// the end of each bar. Horizontal, so that category names stay readable however many there are.
struct BarChart {
    /// One category: a label, a detail line under it, and a value per run.
    struct Group {
        var label: String
        var detail: String
        var values: [(run: RunKind, value: Int)]
    }

    var title: String
    var groups: [Group]
    var valueTitle: String
    var width: Double = 1100

    private static let barHeight = 13.0
    private static let barGap = 3.0
    private static let groupGap = 14.0
    private static let labelWidth = 210.0

    /// The chart, or nil when there is nothing to draw (no groups, or every value zero).
    func svg() -> String? {
        let largest = groups.flatMap { $0.values.map(\.value) }.max() ?? 0
        guard !groups.isEmpty, largest > 0 else { return nil }
        let runs = RunKind.allCases.filter { run in groups.contains { $0.values.contains { $0.run == run } } }
        let groupHeight = Double(runs.count) * (Self.barHeight + Self.barGap) - Self.barGap
        var margins = SVGChart.Margins()
        margins.left = Self.labelWidth
        margins.right = 64
        margins.bottom = 40
        margins.top = 38
        let plotHeight = Double(groups.count) * (groupHeight + Self.groupGap) + Self.groupGap / 2
        var chart = SVGChart(
            title: title, width: width, height: margins.top + plotHeight + margins.bottom,
            x: ChartScale(kind: .linear, lower: 0, upper: ChartScale.niceCeiling(Double(largest)), rangeStart: 0, rangeEnd: 1),
            y: ChartScale(kind: .linear, lower: 0, upper: 1, rangeStart: 0, rangeEnd: 1),
            margins: margins)
        let xTicks = chart.x.ticks(target: 8).filter { $0.value == $0.value.rounded() }
        chart.drawAxes(xTicks: xTicks, yTicks: [], xTitle: valueTitle, yTitle: "")

        var top = chart.plotTop + Self.groupGap / 2
        for group in groups {
            let centre = top + groupHeight / 2
            chart.drawText(StatementText.cut(group.label, to: 30), left: chart.plotLeft - 10, baseline: centre - 2,
                           anchor: "end", bold: true, tooltip: group.label)
            if !group.detail.isEmpty {
                chart.drawText(StatementText.cut(group.detail, to: 32), left: chart.plotLeft - 10, baseline: centre + 11,
                               anchor: "end", color: "#5c636a", tooltip: group.detail)
            }
            for (index, run) in runs.enumerated() {
                let barTop = top + Double(index) * (Self.barHeight + Self.barGap)
                guard let value = group.values.first(where: { $0.run == run })?.value else { continue }
                let right = chart.x.position(Double(value))
                let name = group.detail.isEmpty ? group.label : "\(group.label) (\(group.detail))"
                chart.drawRect(left: chart.plotLeft, top: barTop, width: right - chart.plotLeft, height: Self.barHeight,
                               color: run.color, tooltip: "\(run.label), \(name): \(ReportFormat.count(value))")
                chart.drawText(ReportFormat.count(value), left: right + 4, baseline: barTop + Self.barHeight - 3,
                               color: value == 0 ? "#868e96" : "#212529")
            }
            top += groupHeight + Self.groupGap
        }
        chart.drawLegend(runs.map { SVGChart.LegendEntry(label: $0.label, color: $0.color) })
        return chart.render()
    }
}
