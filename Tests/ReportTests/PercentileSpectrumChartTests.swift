import Analysis
import Testing
@testable import Report

@Suite struct PercentileSpectrumChartTests {
    func series(_ summaries: [(RunKind, LatencySummary)]) -> [LatencySeries] {
        summaries.map { LatencySeries(run: $0.0, summary: $0.1) }
    }

    @Test func drawsEachRunWithAxesLegendAndTooltips() throws {
        let svg = try #require(PercentileSpectrumChart(title: "Spectrum", series: series([
            (.baseline, ReportFixture.latency(count: 1_000, floor: 0.1, scale: 0.2)),
            (.candidate, ReportFixture.latency(count: 1_000, floor: 0.1, scale: 0.4)),
            (.control, ReportFixture.latency(count: 1_000, floor: 0.1, scale: 0.21)),
        ])).svg())
        #expect(svg.hasPrefix("<svg class=\"chart\""))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 3)
        for run in RunKind.allCases {
            #expect(svg.contains("stroke=\"\(run.color)\""))
            #expect(svg.contains(">\(run.label)</text>"))
        }
        for label in ["90", "99", "99.9", "99.99", "max", "percentile", "ms"] {
            #expect(svg.contains(">\(label)</text>"))
        }
        #expect(svg.contains("<title>candidate p99: "))
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    @Test func nothingToDrawIsNil() {
        #expect(PercentileSpectrumChart(title: "x", series: []).svg() == nil)
        #expect(PercentileSpectrumChart(title: "x", series: series([(.baseline, .empty), (.candidate, .empty)])).svg() == nil)
        #expect(ECDFChart(title: "x", series: series([(.baseline, .empty)])).svg() == nil)
    }

    @Test func zerosAndSinglePointsStayOnTheChart() throws {
        var zeros = ReportFixture.latency(count: 10, floor: 0, scale: 1)
        zeros.spectrumMs[0] = 0
        var single = LatencySummary.empty
        single.count = 1
        single.spectrumMs = [3]
        let svg = try #require(PercentileSpectrumChart(title: "x", series: series([(.baseline, zeros), (.candidate, single)])).svg())
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        let ecdf = try #require(ECDFChart(title: "x", series: series([(.baseline, zeros), (.candidate, single)])).svg())
        #expect(!ecdf.contains("nan") && !ecdf.contains("inf"))
    }

    @Test func escapesItsTitle() throws {
        let svg = try #require(PercentileSpectrumChart(title: "<script>x</script> & 'y'", series: series([
            (.baseline, ReportFixture.latency(count: 10, floor: 1, scale: 1)),
        ])).svg())
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;x&lt;/script&gt; &amp; &#39;y&#39;"))
    }

    @Test func ninesAxis() {
        #expect(PercentileSpectrumChart.position(0) == 0)
        #expect(abs(PercentileSpectrumChart.position(90) - 1) < 1e-9)
        #expect(abs(PercentileSpectrumChart.position(99.9) - 3) < 1e-9)
        #expect(PercentileSpectrumChart.position(99.999) == 4)
        #expect(PercentileSpectrumChart.position(100) == PercentileSpectrumChart.maximumPosition)
    }
}
