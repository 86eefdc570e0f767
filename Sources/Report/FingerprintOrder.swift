import Analysis

/// The order the reports list statements in: those that fail the gate first (worst status first), then
/// the rest as the comparison ordered them (by baseline share of time, largest first).
enum FingerprintOrder {
    static func failingFirst(_ fingerprints: [FingerprintComparison]) -> [FingerprintComparison] {
        let failing = fingerprints.enumerated().filter { $0.element.status.fails }
            .sorted { ($0.element.status.severity, $0.offset) < ($1.element.status.severity, $1.offset) }
            .map(\.element)
        return failing + fingerprints.filter { !$0.status.fails }
    }
}
