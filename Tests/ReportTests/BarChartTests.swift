import Testing
@testable import Report

@Suite struct BarChartTests {
    @Test func oneBarPerRunAndCategory() throws {
        let chart = BarChart(title: "Errors", groups: [
            .init(label: "42703", detail: "undefined_column", values: [(.baseline, 0), (.candidate, 1_200), (.control, 0)]),
            .init(label: "40001", detail: "serialization_failure", values: [(.baseline, 12), (.candidate, 15), (.control, 11)]),
        ], valueTitle: "failed requests")
        let svg = try #require(chart.svg())
        #expect(svg.components(separatedBy: "<rect").count - 1 == 6)
        #expect(svg.contains(">1,200</text>"))
        #expect(svg.contains("<title>candidate, 42703 (undefined_column): 1,200</title>"))
        #expect(svg.contains(">undefined_column</text>"))
        #expect(svg.contains(">failed requests</text>"))
    }

    @Test func nothingToDrawIsNil() {
        #expect(BarChart(title: "x", groups: [], valueTitle: "n").svg() == nil)
        #expect(BarChart(title: "x", groups: [.init(label: "a", detail: "", values: [(.baseline, 0)])], valueTitle: "n").svg() == nil)
    }

    @Test func escapesLabels() throws {
        let svg = try #require(BarChart(title: "t", groups: [
            .init(label: "<b>", detail: "\"&'", values: [(.candidate, 1)]),
        ], valueTitle: "n").svg())
        #expect(!svg.contains("<b>"))
        #expect(svg.contains("&lt;b&gt;") && svg.contains("&quot;&amp;&#39;"))
    }
}
