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
        let scale = pow(10.0, Double(digits))
        let rounded = (value * scale).rounded() / scale
        var text = String(Int64(rounded.rounded(.towardZero)))
        if rounded < 0 && rounded > -1 { text = "-0" }
        guard digits > 0 else { return String(Int64(rounded)) }
        let fraction = Int64((abs(rounded) - floor(abs(rounded))) * scale + 0.5)
        let fractionText = String(fraction)
        return text + "." + String(repeating: "0", count: max(0, digits - fractionText.count)) + fractionText
    }
}
