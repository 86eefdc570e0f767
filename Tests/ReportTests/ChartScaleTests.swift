import Testing
@testable import Report

@Suite struct ChartScaleTests {
    @Test func logarithmicWhenTheRangeIsWide() {
        let scale = ChartScale.forMeasurements([0.05, 0.2, 3, 120], rangeStart: 0, rangeEnd: 100)
        #expect(scale.kind == .logarithmic)
        #expect(scale.lower == 0.05)
        #expect(scale.upper == 200)
        #expect(scale.position(0.05) == 0)
        #expect(abs(scale.position(200) - 100) < 1e-9)
        // Zero (and anything below the domain) sits on the axis rather than at minus infinity.
        #expect(scale.position(0) == 0)
        #expect(scale.position(-1) == 0)
        let ticks = scale.ticks().map(\.value)
        #expect(!ticks.isEmpty && ticks.count <= 8)
        #expect(ticks.allSatisfy { $0 >= 0.05 && $0 <= 200 })
    }

    @Test func linearFromZeroWhenTheRangeIsNarrow() {
        let scale = ChartScale.forMeasurements([1.2, 3.4, 7.9], rangeStart: 200, rangeEnd: 0)
        #expect(scale.kind == .linear)
        #expect(scale.lower == 0)
        #expect(scale.upper == 8)
        #expect(scale.position(0) == 200)
        #expect(scale.position(8) == 0)
        #expect(scale.ticks().map(\.value) == [0, 2, 4, 6, 8])
        #expect(scale.ticks().map(\.label) == ["0", "2", "4", "6", "8"])
    }

    @Test func degenerateData() {
        // No data, only zeros, a single value: a usable scale, finite positions.
        for values in [[], [0, 0], [5], [Double.nan, .infinity, 2]] {
            let scale = ChartScale.forMeasurements(values, rangeStart: 0, rangeEnd: 100)
            #expect(scale.upper > scale.lower)
            for value in values + [0, 1] {
                #expect(scale.position(value).isFinite || value.isNaN)
            }
            #expect(!scale.ticks().isEmpty)
        }
    }

    @Test func niceBounds() {
        #expect(ChartScale.niceStep(0.7) == 1)
        #expect(ChartScale.niceStep(1.3) == 2)
        #expect(ChartScale.niceStep(37) == 50)
        #expect(ChartScale.niceCeiling(1_200) == 1_500)
        #expect(ChartScale.niceLogFloor(0.07) == 0.05)
        #expect(ChartScale.niceLogCeiling(2.8) == 5)
        #expect(ChartScale.niceLogCeiling(1_000) == 1_000)
    }

    @Test func manyDecadesKeepFewTicks() {
        let scale = ChartScale(kind: .logarithmic, lower: 0.001, upper: 100_000, rangeStart: 0, rangeEnd: 1)
        let ticks = scale.ticks()
        #expect(ticks.count <= 8)
        #expect(ticks.first?.label == "0.001")
        #expect(ticks.contains { $0.label == "1k" })
    }
}
