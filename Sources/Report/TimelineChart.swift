import Analysis

/// Latency over each run's own timeline: p50 (solid) and p99 (dashed) per bucket, per run. Shows what a
/// distribution hides: warm-up, a slow phase (vacuum, checkpoint, a lock), or a run that degraded over time.
struct TimelineChart {
    var title: String
    var timeline: Timeline
    var width: Double = 1100
    var height: Double = 300
    /// Buckets drawn per run at most; longer timelines are merged into wider buckets.
    var maximumBuckets = 120

    /// The chart, or nil when no run has a bucket with requests.
    func svg() -> String? {
        var runs: [(run: RunKind, buckets: [TimelineBucket])] = [
            (.baseline, merged(timeline.baseline)), (.candidate, merged(timeline.candidate)),
        ]
        if let control = timeline.control { runs.append((.control, merged(control))) }
        runs = runs.filter { $0.buckets.contains { $0.requests > 0 } }
        guard !runs.isEmpty else { return nil }

        let bucketWidth = runs.map { bucketSeconds(of: $0.buckets) }.max() ?? timeline.bucketSeconds
        let end = runs.flatMap { $0.buckets.map { $0.startSeconds + bucketWidth } }.max() ?? 1
        let unit = TimeUnit(span: end)
        let values = runs.flatMap { $0.buckets.filter { $0.requests > 0 }.flatMap { [$0.p50Ms, $0.p99Ms] } }
        var chart = SVGChart(
            title: title, width: width, height: height,
            x: ChartScale(kind: .linear, lower: 0, upper: ChartScale.niceCeiling(end / unit.seconds) * unit.seconds,
                          rangeStart: 0, rangeEnd: 1),
            y: ChartScale.forMeasurements(values, rangeStart: 0, rangeEnd: 1))
        let xTicks = ChartScale(kind: .linear, lower: 0, upper: chart.x.upper / unit.seconds, rangeStart: 0, rangeEnd: 1)
            .ticks(target: 10)
            .map { ChartScale.Tick(value: $0.value * unit.seconds, label: $0.label) }
        chart.drawAxes(xTicks: xTicks, yTicks: chart.y.ticks(), xTitle: "\(unit.name) since the run started", yTitle: "ms")

        let order = runs.sorted { $0.run.drawingRank < $1.run.drawingRank }
        for (run, buckets) in order {
            // Buckets without requests break the lines rather than dive to zero.
            for segment in segments(of: buckets) {
                let middle = { (bucket: TimelineBucket) in bucket.startSeconds + bucketWidth / 2 }
                chart.drawLine(segment.map { SVGChart.Point(x: middle($0), y: $0.p50Ms) }, color: run.color, width: 2,
                               tooltip: "\(run.label) p50")
                chart.drawLine(segment.map { SVGChart.Point(x: middle($0), y: $0.p99Ms) }, color: run.color, width: 1.5,
                               dash: "5 4", tooltip: "\(run.label) p99")
                for bucket in segment {
                    let span = unit.clock(bucket.startSeconds) + "–" + unit.clock(bucket.startSeconds + bucketWidth)
                    chart.drawMarker(SVGChart.Point(x: middle(bucket), y: bucket.p99Ms), color: run.color, radius: 2.25,
                                     tooltip: "\(run.label) \(span): \(ReportFormat.count(bucket.requests)) requests, \(ReportFormat.count(bucket.errors)) errors, p50 \(ReportFormat.milliseconds(bucket.p50Ms)) ms, p99 \(ReportFormat.milliseconds(bucket.p99Ms)) ms")
                }
            }
        }
        chart.drawLegend(runs.map { SVGChart.LegendEntry(label: $0.run.label, color: $0.run.color) } + [
            SVGChart.LegendEntry(label: "p50", color: "#495057"),
            SVGChart.LegendEntry(label: "p99", color: "#495057", dash: "5 4"),
        ])
        return chart.render()
    }

    /// `buckets` merged in groups so that at most `maximumBuckets` remain: requests and errors add up, p50 is
    /// the request-weighted mean and p99 the largest (an upper bound, never hiding a spike).
    func merged(_ buckets: [TimelineBucket]) -> [TimelineBucket] {
        guard buckets.count > maximumBuckets, maximumBuckets > 0 else { return buckets }
        let group = (buckets.count + maximumBuckets - 1) / maximumBuckets
        return stride(from: 0, to: buckets.count, by: group).map { start in
            let slice = buckets[start..<min(start + group, buckets.count)]
            let requests = slice.reduce(0) { $0 + $1.requests }
            let weightedP50 = requests > 0
                ? slice.reduce(0.0) { $0 + $1.p50Ms * Double($1.requests) } / Double(requests)
                : slice.reduce(0.0) { $0 + $1.p50Ms } / Double(slice.count)
            return TimelineBucket(startSeconds: slice.first?.startSeconds ?? 0, requests: requests,
                                  errors: slice.reduce(0) { $0 + $1.errors }, p50Ms: weightedP50,
                                  p99Ms: slice.map(\.p99Ms).max() ?? 0)
        }
    }

    /// The width of the (possibly merged) buckets.
    private func bucketSeconds(of buckets: [TimelineBucket]) -> Double {
        guard buckets.count >= 2 else { return timeline.bucketSeconds }
        return max(timeline.bucketSeconds, buckets[1].startSeconds - buckets[0].startSeconds)
    }

    /// Runs of consecutive buckets that had requests.
    private func segments(of buckets: [TimelineBucket]) -> [[TimelineBucket]] {
        var segments: [[TimelineBucket]] = []
        var current: [TimelineBucket] = []
        for bucket in buckets {
            if bucket.requests > 0 {
                current.append(bucket)
            } else if !current.isEmpty {
                segments.append(current)
                current = []
            }
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }

    /// The unit the time axis counts in, chosen by the timeline's length.
    private struct TimeUnit {
        var name: String
        var seconds: Double

        init(span: Double) {
            if span > 3 * 3600 {
                self.name = "hours"
                self.seconds = 3600
            } else if span > 180 {
                self.name = "minutes"
                self.seconds = 60
            } else {
                self.name = "seconds"
                self.seconds = 1
            }
        }

        /// A moment as m:ss or h:mm:ss.
        func clock(_ seconds: Double) -> String {
            let whole = Int(seconds.rounded())
            let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
            if whole >= 3600 { return "\(whole / 3600):" + two(whole % 3600 / 60) + ":" + two(whole % 60) }
            return "\(whole / 60):" + two(whole % 60)
        }
    }
}
