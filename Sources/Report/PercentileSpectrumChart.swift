import Foundation

/// The latency percentile spectrum: service time (y) at each percentile (x), per run. The x axis counts
/// "nines" (0, 90, 99, 99.9, 99.99, then the maximum), giving the tail as much room as the body, so a
/// reader sees at once whether the typical request or the slowest ones moved.
struct PercentileSpectrumChart {
    var title: String
    var series: [LatencySeries]
    var width: Double = 560
    var height: Double = 300

    /// Where the maximum (percentile 100) sits on the nines axis, after 99.99 at 4.
    static let maximumPosition = 4.5
    /// Percentiles whose dots carry a tooltip with the exact value.
    static let markedPercentiles: Set<Double> = [50, 90, 99, 99.9, 99.99, 100]

    /// The chart, or nil when no run measured anything.
    func svg() -> String? {
        let drawn = series.filter { !$0.spectrum.isEmpty }
        guard !drawn.isEmpty else { return nil }
        let values = drawn.flatMap { $0.spectrum.map(\.milliseconds) }
        var chart = SVGChart(
            title: title, width: width, height: height,
            x: ChartScale(kind: .linear, lower: 0, upper: Self.maximumPosition, rangeStart: 0, rangeEnd: 1),
            y: ChartScale.forMeasurements(values, rangeStart: 0, rangeEnd: 1))
        let xTicks: [ChartScale.Tick] = [
            .init(value: 0, label: "0"), .init(value: Self.position(50), label: "50"), .init(value: 1, label: "90"),
            .init(value: 2, label: "99"), .init(value: 3, label: "99.9"), .init(value: 4, label: "99.99"),
            .init(value: Self.maximumPosition, label: "max"),
        ]
        chart.drawAxes(xTicks: xTicks, yTicks: chart.y.ticks(), xTitle: "percentile", yTitle: "ms")
        for line in LatencySeries.drawingOrder(drawn) {
            let points = line.spectrum.map { SVGChart.Point(x: Self.position($0.percentile), y: $0.milliseconds) }
            chart.drawLine(points, color: line.run.color, width: line.run == .candidate ? 2.25 : 2,
                           tooltip: "\(line.run.label): \(ReportFormat.count(line.summary.count)) requests")
            for point in line.spectrum where Self.markedPercentiles.contains(point.percentile) {
                let name = point.percentile == 100 ? "max" : "p" + ReportFormat.axis(point.percentile)
                chart.drawMarker(SVGChart.Point(x: Self.position(point.percentile), y: point.milliseconds),
                                 color: line.run.color,
                                 tooltip: "\(line.run.label) \(name): \(ReportFormat.milliseconds(point.milliseconds)) ms")
            }
        }
        chart.drawLegend(drawn.map { SVGChart.LegendEntry(label: $0.run.label, color: $0.run.color) })
        return chart.render()
    }

    /// A percentile's position on the nines axis: -log10(1 - p/100), capped at 4 (99.99); the maximum after it.
    static func position(_ percentile: Double) -> Double {
        if percentile >= 100 { return maximumPosition }
        guard percentile > 0 else { return 0 }
        return min(-log10(1 - percentile / 100), 4)
    }
}
