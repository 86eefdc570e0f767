/// A capture time in nanoseconds since the Unix epoch.
///
/// pcap files are opened with nanosecond precision, so microsecond files and nanosecond files
/// (and pcapng) land on the same scale and can be merged and compared directly.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// Builds a timestamp from a `timeval`-like pair of seconds and sub-second nanoseconds.
    public init(seconds: Int64, nanoseconds: Int64) {
        self.nanoseconds = seconds &* 1_000_000_000 &+ nanoseconds
    }

    /// Seconds since the epoch as a floating-point value, for display and rates.
    public var seconds: Double { Double(nanoseconds) / 1_000_000_000 }

    /// The time `other` lies before this one, in nanoseconds (negative when `other` is later).
    public func nanoseconds(since other: Timestamp) -> Int64 { nanoseconds &- other.nanoseconds }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// `seconds.nanoseconds` with nine fractional digits, as tcpdump prints with `--nano`.
    public var description: String {
        let whole = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        var (secs, frac) = (whole.quotient, whole.remainder)
        if frac < 0 { secs -= 1; frac += 1_000_000_000 }
        let digits = String(frac)
        return "\(secs)." + String(repeating: "0", count: 9 - digits.count) + digits
    }
}
