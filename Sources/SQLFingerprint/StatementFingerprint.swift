/// A 64-bit statement fingerprint as computed by libpg_query.
///
/// Statements that differ only in constants (or in constants versus `$n` parameters)
/// share a fingerprint, which is what lets a workload group millions of requests into
/// a few hundred statement kinds.
public struct StatementFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// The raw fingerprint value.
    public var value: UInt64

    public init(value: UInt64) {
        self.value = value
    }

    /// Sixteen lowercase hex digits, identical to libpg_query's `fingerprint_str`
    /// (and to what pg_stat_monitor / pganalyze show), so reports can be cross-referenced.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes = [UInt8](repeating: 0, count: 16)
        var remaining = value
        for index in stride(from: 15, through: 0, by: -1) {
            bytes[index] = digits[Int(remaining & 0xF)]
            remaining >>= 4
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { hex }
}
