/// Overlaid cumulative distributions: for each service time (x, ms), the fraction of requests
/// that took at most that long (y), per run. A curve to the right is slower; curves that cross show a
/// change of shape (faster body, slower tail) that a single ratio hides.
struct ECDFChart {
    var title: String
    var series: [LatencySeries]
    var width: Double = 560
    var height: Double = 300

    /// Fractions whose dots carry a tooltip.
    static let markedPercentiles: Set<Double> = [50, 90, 99]

    /// The chart, or nil when no run measured anything.
    func svg() -> String? {
        let drawn = series.filter { !$0.spectrum.isEmpty }
        guard !drawn.isEmpty else { return nil }
        let values = drawn.flatMap { $0.spectrum.map(\.milliseconds) }
        var chart = SVGChart(
            title: title, width: width, height: height,
            x: ChartScale.forMeasurements(values, rangeStart: 0, rangeEnd: 1),
            y: ChartScale(kind: .linear, lower: 0, upper: 1, rangeStart: 0, rangeEnd: 1))
        let yTicks = [0, 0.25, 0.5, 0.75, 1].map { ChartScale.Tick(value: $0, label: ReportFormat.percent($0, digits: 0)) }
        chart.drawAxes(xTicks: chart.x.ticks(target: 7), yTicks: yTicks, xTitle: "ms", yTitle: "share of requests ≤ x")
        for line in LatencySeries.drawingOrder(drawn) {
            // Straight between the sampled quantiles: the spectrum samples the distribution, it does not
            // list every request, so steps would suggest a precision the data does not have.
            let points = line.spectrum.map { SVGChart.Point(x: $0.milliseconds, y: $0.percentile / 100) }
            chart.drawLine(points, color: line.run.color, width: line.run == .candidate ? 2.25 : 2,
                           tooltip: "\(line.run.label): \(ReportFormat.count(line.summary.count)) requests")
            for sample in line.spectrum where Self.markedPercentiles.contains(sample.percentile) {
                chart.drawMarker(SVGChart.Point(x: sample.milliseconds, y: sample.percentile / 100), color: line.run.color,
                                 tooltip: "\(line.run.label): \(ReportFormat.axis(sample.percentile))% of requests took at most \(ReportFormat.milliseconds(sample.milliseconds)) ms")
            }
        }
        chart.drawLegend(drawn.map { SVGChart.LegendEntry(label: $0.run.label, color: $0.run.color) })
        return chart.render()
    }
}
