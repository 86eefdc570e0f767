import Foundation
import Workload

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Number formatting for the sentences of reasons and notes (locale-independent).
public enum Format {
    /// 0.123 → "12.3 %" (`digits` decimals), with a sign for changes when `signed`.
    public static func percent(_ fraction: Double, digits: Int = 1) -> String {
        fixed(fraction * 100, digits: digits) + " %"
    }

    /// 2.345 → "2.35×".
    public static func ratio(_ value: Double) -> String {
        fixed(value, digits: value >= 10 ? 1 : 2) + "×"
    }

    /// Milliseconds with precision that suits their size: "0.042 ms", "1.25 ms", "312 ms".
    public static func milliseconds(_ value: Double) -> String {
        let magnitude = abs(value)
        let digits = magnitude >= 100 ? 0 : magnitude >= 1 ? 2 : 3
        return fixed(value, digits: digits) + " ms"
    }

    /// p-values: "0.003", "< 1e-12".
    public static func pValue(_ value: Double) -> String {
        if value < 1e-12 { return "< 1e-12" }
        if value < 0.001 {
            let exponent = Int(floor(log10(value)))
            let mantissa = value / pow(10, Double(exponent))
            return fixed(mantissa, digits: 1) + "e\(exponent)"
        }
        return fixed(value, digits: 3)
    }

    /// "p = 0.003" or "p < 1e-12", for sentences.
    public static func pClause(_ value: Double) -> String {
        value < 1e-12 ? "p < 1e-12" : "p = " + pValue(value)
    }

    /// `value` rounded to `digits` decimals, without scientific notation.
    public static func fixed(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "∞" : "-∞") }
        return String(format: "%.\(max(0, digits))f", value)
    }

    /// Nanoseconds since the Unix epoch as ISO 8601 UTC with milliseconds (the format of `inspect`).
    public static func timestamp(_ nanoseconds: Int64) -> String {
        InspectReport.format(timestamp: nanoseconds)
    }
}
