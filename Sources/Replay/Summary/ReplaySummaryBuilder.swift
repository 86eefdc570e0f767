import RunFile
import Histogram
import SQLFingerprint
import Workload

/// Accumulates outcomes into a `ReplaySummary`: one builder per replay thread, merged at the end.
/// Pure: no I/O, so the figures are unit-tested from outcomes alone.
public struct ReplaySummaryBuilder: Sendable {
    private var summary = ReplaySummary()
    /// Send lag and latency in microseconds.
    private var sendLag = ReplaySummaryBuilder.histogram()
    private var latency = ReplaySummaryBuilder.histogram()
    private var replayerLag = ReplaySummaryBuilder.histogram()
    private var mismatches: [UInt64: FingerprintMismatches] = [:]

    private struct FingerprintMismatches: Sendable {
        var count = 0
        var differences: [String: Int] = [:]
        var replayed: [String: Int] = [:]
        var production: [String: Int] = [:]
    }

    public init() {}

    static func histogram() -> Histogram<UInt64> {
        Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    }

    public mutating func add(_ outcome: ReplayOutcome, production: Request) {
        add(outcome, production: ProductionFacts(production))
    }

    /// The same from the production facts a replay thread keeps of its request, and the nanoseconds the
    /// replayer itself was late with it (the thread knows when its session was free to send it).
    mutating func add(_ outcome: ReplayOutcome, production: ProductionFacts, replayerLag lateness: Int64? = nil) {
        switch outcome.status {
        case .skipped:
            summary.skipped[outcome.skipReason ?? "unknown", default: 0] += 1
            return
        case .connectionLost:
            summary.connectionLost += 1
            if let state = outcome.sqlState { summary.errorSqlstates[state, default: 0] += 1 }
            return
        case .cancelled:
            summary.cancelled += 1
            return
        case .executed:
            break
        }
        summary.requests += 1
        if let state = outcome.sqlState {
            summary.errors += 1
            summary.errorSqlstates[state, default: 0] += 1
        } else if outcome.error != nil {
            summary.errors += 1
        }
        if let lag = outcome.sendLag { sendLag.record(UInt64(max(0, lag) / 1_000)) }
        if let lateness { replayerLag.record(UInt64(max(0, lateness) / 1_000)) }
        if let value = outcome.latency { latency.record(UInt64(max(0, value) / 1_000)) }
        if production.rowLimited { summary.approximations["row_limit_executed_whole", default: 0] += 1 }
        if production.mixedResultFormats {
            summary.approximations["mixed_result_formats_as_binary", default: 0] += 1
        }
        if production.namedPortal { summary.approximations["named_portal_as_unnamed", default: 0] += 1 }
        let mismatch = outcome.productionMismatch
        if mismatch.contains(.productionUnknown) {
            summary.productionUnknown += 1
        } else if mismatch.isMismatch {
            summary.outcomeMismatches += 1
            var entry = mismatches[outcome.fingerprint ?? 0] ?? FingerprintMismatches()
            entry.count += 1
            for name in mismatch.names { entry.differences[name, default: 0] += 1 }
            entry.replayed[outcome.sqlState ?? "none", default: 0] += 1
            entry.production[production.sqlState ?? "none", default: 0] += 1
            mismatches[outcome.fingerprint ?? 0] = entry
        } else {
            summary.exactlyAsProduction += 1
        }
    }

    /// Folds another thread's builder into this one.
    public mutating func merge(_ other: ReplaySummaryBuilder) {
        let o = other.summary
        summary.requests += o.requests
        summary.skipped.merge(o.skipped, uniquingKeysWith: +)
        summary.errors += o.errors
        summary.errorSqlstates.merge(o.errorSqlstates, uniquingKeysWith: +)
        summary.outcomeMismatches += o.outcomeMismatches
        summary.exactlyAsProduction += o.exactlyAsProduction
        summary.productionUnknown += o.productionUnknown
        summary.connectionLost += o.connectionLost
        summary.cancelled += o.cancelled
        summary.approximations.merge(o.approximations, uniquingKeysWith: +)
        sendLag.add(other.sendLag)
        latency.add(other.latency)
        replayerLag.add(other.replayerLag)
        for (fingerprint, entry) in other.mismatches {
            var mine = mismatches[fingerprint] ?? FingerprintMismatches()
            mine.count += entry.count
            mine.differences.merge(entry.differences, uniquingKeysWith: +)
            mine.replayed.merge(entry.replayed, uniquingKeysWith: +)
            mine.production.merge(entry.production, uniquingKeysWith: +)
            mismatches[fingerprint] = mine
        }
    }

    /// The summary, with durations and the texts of mismatched fingerprints filled in.
    public func build(sessions plannedSessions: Int, durationSeconds: Double, normalizedTexts: [UInt64: String]) -> ReplaySummary {
        var result = summary
        result.sessions = plannedSessions
        result.durationS = durationSeconds
        result.requestsPerS = durationSeconds > 0 ? Double(result.requests) / durationSeconds : 0
        if sendLag.totalCount > 0 {
            result.sendLagP50Ms = Double(sendLag.valueAtPercentile(50)) / 1_000
            result.sendLagP99Ms = Double(sendLag.valueAtPercentile(99)) / 1_000
            result.sendLagMaxMs = Double(sendLag.max) / 1_000
        }
        if replayerLag.totalCount > 0 {
            result.replayerLagP50Ms = Double(replayerLag.valueAtPercentile(50)) / 1_000
            result.replayerLagP99Ms = Double(replayerLag.valueAtPercentile(99)) / 1_000
        }
        if latency.totalCount > 0 {
            result.latencyP50Ms = Double(latency.valueAtPercentile(50)) / 1_000
            result.latencyP99Ms = Double(latency.valueAtPercentile(99)) / 1_000
        }
        result.mismatchedFingerprints = mismatches.map { fingerprint, entry in
            MismatchedFingerprint(
                fingerprint: fingerprint == 0 ? "" : StatementFingerprint(value: fingerprint).hex,
                statement: normalizedTexts[fingerprint] ?? "", count: entry.count, differences: entry.differences,
                replayedSqlstates: entry.replayed, productionSqlstates: entry.production)
        }.sorted { ($1.count, $0.fingerprint) < ($0.count, $1.fingerprint) }
        return result
    }
}
