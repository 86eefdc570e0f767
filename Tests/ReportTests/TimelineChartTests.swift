import Analysis
import Testing
@testable import Report

@Suite struct TimelineChartTests {
    @Test func drawsP50AndP99PerRun() throws {
        let svg = try #require(TimelineChart(title: "Timeline", timeline: ReportFixture.timeline(buckets: 30, withControl: true)).svg())
        // Baseline has a quiet bucket that splits its lines in two: 2 × 2 + 2 + 2 polylines.
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 8)
        #expect(svg.contains(">p50</text>") && svg.contains(">p99</text>"))
        #expect(svg.contains("minutes since the run started"))
        #expect(svg.contains("<title>candidate 3:20–3:30: "))
    }

    @Test func longTimelinesAreMerged() {
        let chart = TimelineChart(title: "t", timeline: ReportFixture.timeline(buckets: 720, withControl: false))
        let merged = chart.merged(chart.timeline.candidate)
        #expect(merged.count == 120)
        #expect(merged.reduce(0) { $0 + $1.requests } == chart.timeline.candidate.reduce(0) { $0 + $1.requests })
        // p99 of a merged bucket is the largest of its buckets: a spike is never averaged away.
        #expect(merged.map(\.p99Ms).max() == chart.timeline.candidate.map(\.p99Ms).max())
    }

    @Test func emptyTimelineIsNil() {
        #expect(TimelineChart(title: "t", timeline: Timeline(bucketSeconds: 10, baseline: [], candidate: [], control: nil)).svg() == nil)
        let idle = [TimelineBucket(startSeconds: 0, requests: 0, errors: 0, p50Ms: 0, p99Ms: 0)]
        #expect(TimelineChart(title: "t", timeline: Timeline(bucketSeconds: 10, baseline: idle, candidate: idle, control: nil)).svg() == nil)
    }

    @Test func singleBucket() throws {
        let one = [TimelineBucket(startSeconds: 0, requests: 5, errors: 0, p50Ms: 0.4, p99Ms: 2)]
        let svg = try #require(TimelineChart(title: "t", timeline: Timeline(bucketSeconds: 1, baseline: one, candidate: one, control: nil)).svg())
        #expect(svg.contains("<circle"))
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }
}
