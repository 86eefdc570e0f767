import Foundation

/// Maps data values to pixel positions along one axis, linearly or logarithmically, and picks the ticks
/// worth labelling. Values outside the domain are clamped to it, so a zero on a log scale sits on the axis.
struct ChartScale: Sendable {
    enum Kind: Sendable {
        case linear
        case logarithmic
    }

    var kind: Kind
    /// The domain; both bounds positive for a log scale.
    var lower: Double
    var upper: Double
    /// Pixel positions of `lower` and `upper` (`rangeEnd` may be smaller, as on a y axis).
    var rangeStart: Double
    var rangeEnd: Double

    /// A value at a tick and its label.
    struct Tick: Sendable {
        var value: Double
        var label: String
    }

    /// The position of `value`.
    func position(_ value: Double) -> Double {
        let fraction: Double
        switch kind {
        case .linear:
            let clamped = min(max(value, lower), upper)
            fraction = upper > lower ? (clamped - lower) / (upper - lower) : 0
        case .logarithmic:
            let clamped = min(max(value, lower), upper)
            let low = log10(lower), high = log10(upper)
            fraction = high > low ? (log10(clamped) - low) / (high - low) : 0
        }
        return rangeStart + fraction * (rangeEnd - rangeStart)
    }

    /// Ticks at round values: 1-2-5 steps on a linear scale, decades (and 2, 5 within them when there are
    /// few decades) on a log scale.
    func ticks(target: Int = 6, label: (Double) -> String = ReportFormat.axis) -> [Tick] {
        switch kind {
        case .linear:
            let step = Self.niceStep((upper - lower) / Double(max(1, target)))
            guard step > 0, step.isFinite else { return [Tick(value: lower, label: label(lower))] }
            var values: [Double] = []
            var value = (lower / step).rounded(.up) * step
            while value <= upper + step * 1e-9, values.count < 50 {
                values.append(abs(value) < step * 1e-9 ? 0 : value)
                value += step
            }
            return values.map { Tick(value: $0, label: label($0)) }
        case .logarithmic:
            let first = Int(log10(lower).rounded(.down)), last = Int(log10(upper).rounded(.up))
            // The densest of 1-2-5, 1-3 and 1 per decade that labels at most `target` + 2 ticks.
            var values: [Double] = []
            for multiples in [[1.0, 2, 5], [1.0, 3], [1.0]] {
                values = []
                for exponent in first...max(first, last) {
                    for multiple in multiples {
                        let value = multiple * pow(10, Double(exponent))
                        if value >= lower * (1 - 1e-9), value <= upper * (1 + 1e-9) { values.append(value) }
                    }
                }
                if values.count <= target + 2 { break }
            }
            // Very many decades: every other one, so labels do not collide.
            while values.count > target + 2 {
                values = values.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            }
            return values.map { Tick(value: $0, label: label($0)) }
        }
    }

    /// A scale for non-negative measurements (latencies, counts) spanning `values`: logarithmic when the
    /// positive values span more than `logAbove` (a factor), so the tail and the body both stay readable;
    /// otherwise linear from zero.
    static func forMeasurements(_ values: [Double], rangeStart: Double, rangeEnd: Double, logAbove: Double = 30)
        -> ChartScale
    {
        let positive = values.filter { $0 > 0 && $0.isFinite }
        guard let smallest = positive.min(), let largest = positive.max() else {
            return ChartScale(kind: .linear, lower: 0, upper: 1, rangeStart: rangeStart, rangeEnd: rangeEnd)
        }
        if largest / smallest > logAbove {
            let lower = niceLogFloor(smallest), upper = niceLogCeiling(largest)
            return ChartScale(kind: .logarithmic, lower: lower, upper: upper > lower ? upper : lower * 10,
                              rangeStart: rangeStart, rangeEnd: rangeEnd)
        }
        return ChartScale(kind: .linear, lower: 0, upper: niceCeiling(largest), rangeStart: rangeStart, rangeEnd: rangeEnd)
    }

    /// The smallest 1-2-5 step value at or above `value`'s tick grid: the top of a linear axis.
    static func niceCeiling(_ value: Double, target: Int = 5) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        let step = niceStep(value / Double(target))
        return (value / step).rounded(.up) * step
    }

    /// The largest 1, 2 or 5 times a power of ten at or below `value` (> 0): the bottom of a log axis.
    static func niceLogFloor(_ value: Double) -> Double {
        let power = pow(10, log10(value).rounded(.down))
        return [5.0, 2, 1].map { $0 * power }.first { $0 <= value * (1 + 1e-9) } ?? power
    }

    /// The smallest 1, 2 or 5 times a power of ten at or above `value` (> 0): the top of a log axis.
    static func niceLogCeiling(_ value: Double) -> Double {
        let power = pow(10, log10(value).rounded(.down))
        return [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= value * (1 - 1e-9) } ?? power * 10
    }

    /// 1, 2 or 5 times a power of ten, at or above `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 0 }
        let power = pow(10, log10(rough).rounded(.down))
        let fraction = rough / power
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * power
    }
}
