import Analysis
import Foundation

/// Numbers as people read them in reports: milliseconds with a precision that fits their size, counts with
/// thousands separators, ratios, percentages and p-values. No locale, so a report reads the same everywhere.
enum ReportFormat {
    /// A duration in milliseconds: 3 significant figures or so ("0.412", "12.3", "1,204").
    static func milliseconds(_ value: Double) -> String {
        guard value.isFinite else { return nonFinite(value) }
        let magnitude = abs(value)
        if magnitude == 0 { return "0" }
        if magnitude >= 1000 { return count(Int(value.rounded())) }
        if magnitude >= 100 { return fixed(value, digits: 0) }
        if magnitude >= 10 { return fixed(value, digits: 1) }
        if magnitude >= 1 { return fixed(value, digits: 2) }
        if magnitude >= 0.001 { return fixed(value, digits: 3) }
        return value > 0 ? "<0.001" : ">-0.001"
    }

    /// A whole number with thousands separators ("1,234,567").
    static func count<Number: BinaryInteger>(_ value: Number) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        grouped.reserveCapacity(digits.count + digits.count / 3 + 1)
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// A fraction as a percentage ("12.3%"); with `signed`, a plus sign on increases ("+12.3%").
    static func percent(_ fraction: Double, signed: Bool = false, digits: Int = 1) -> String {
        guard fraction.isFinite else { return nonFinite(fraction) }
        let text = fixed(fraction * 100, digits: digits)
        let isZero = text.allSatisfy { $0 == "0" || $0 == "." || $0 == "-" }
        if isZero { return fixed(0, digits: digits) + "%" }
        return (signed && fraction > 0 ? "+" : "") + text + "%"
    }

    /// A factor ("1.52×").
    static func ratio(_ value: Double) -> String {
        guard value.isFinite else { return nonFinite(value) }
        return fixed(value, digits: value >= 10 ? 1 : 2) + "×"
    }

    /// An interval of factors ("1.40–1.66").
    static func ratioInterval(_ interval: ClosedRange<Double>) -> String {
        bound(interval.lowerBound, digits: interval.lowerBound >= 10 ? 1 : 2) + "–"
            + bound(interval.upperBound, digits: interval.upperBound >= 10 ? 1 : 2)
    }

    /// An interval of fractions as signed percentages ("+8.1% to +15.0%").
    static func percentInterval(_ interval: ClosedRange<Double>) -> String {
        percent(interval.lowerBound, signed: true) + " to " + percent(interval.upperBound, signed: true)
    }

    /// A p-value with two significant figures, "<0.0001" below that.
    static func pValue(_ value: Double) -> String {
        guard value.isFinite else { return nonFinite(value) }
        if value < 0.0001 { return "<0.0001" }
        if value >= 0.995 { return "1" }
        return String(format: "%.2g", value)
    }

    /// A run's length ("12.5 s", "4 min 05 s", "2 h 03 min").
    static func duration(seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return nonFinite(seconds) }
        if seconds < 60 { return fixed(seconds, digits: seconds < 10 ? 2 : 1) + " s" }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return "\(whole / 60) min " + twoDigits(whole % 60) + " s" }
        return "\(whole / 3600) h " + twoDigits(whole % 3600 / 60) + " min"
    }

    /// A figure of a gate reason: whole numbers grouped, others with four significant figures.
    static func figure(_ figure: Figure) -> String {
        switch figure {
        case .text(let text): return text
        case .number(let value): return number(value)
        }
    }

    /// Any number: whole ones grouped, others with four significant figures.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return nonFinite(value) }
        if value == value.rounded(), abs(value) < 1e15 { return count(Int64(value)) }
        return String(format: "%.4g", value)
    }

    /// A compact axis label: "0.05", "2.5", "250", "2.5k", "1M".
    static func axis(_ value: Double) -> String {
        guard value.isFinite else { return nonFinite(value) }
        let magnitude = abs(value)
        if magnitude >= 1_000_000 { return trimmed(value / 1_000_000) + "M" }
        if magnitude >= 1000 { return trimmed(value / 1000) + "k" }
        return trimmed(value)
    }

    /// `value` with `digits` decimals.
    static func fixed(_ value: Double, digits: Int) -> String {
        String(format: "%.\(max(0, digits))f", value)
    }

    /// Three significant figures without trailing zeros.
    private static func trimmed(_ value: Double) -> String {
        String(format: "%.3g", value)
    }

    private static func bound(_ value: Double, digits: Int) -> String {
        value.isFinite ? fixed(value, digits: digits) : nonFinite(value)
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func nonFinite(_ value: Double) -> String {
        value.isNaN ? "–" : (value > 0 ? "∞" : "-∞")
    }
}
