/// How fast the captured schedule is replayed: `1` keeps the original pacing, `N` is N times
/// faster, `max` sends each request as soon as the previous one of its session completed.
public enum ReplaySpeed: Sendable, Equatable, CustomStringConvertible {
    case factor(Double)
    case max

    /// Parses `1`, `2.5`, `max`; nil for anything else (zero, negative, not a number).
    public init?(argument: String) {
        if argument.lowercased() == "max" {
            self = .max
            return
        }
        guard let value = Double(argument), value.isFinite, value > 0 else { return nil }
        self = .factor(value)
    }

    /// The factor stored in run files: 0 for `max`.
    public var storedFactor: Double {
        switch self {
        case .factor(let value): value
        case .max: 0
        }
    }

    /// Nanoseconds of replay time for `nanoseconds` of capture time; nil at `max` (no waiting).
    public func scaled(_ nanoseconds: Int64) -> Int64? {
        switch self {
        case .factor(let value): Int64((Double(nanoseconds) / value).rounded())
        case .max: nil
        }
    }

    public var description: String {
        switch self {
        case .factor(let value): value == value.rounded() ? String(Int(value)) : String(value)
        case .max: "max"
        }
    }
}
