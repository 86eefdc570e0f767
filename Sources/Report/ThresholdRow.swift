import Analysis

/// One threshold of the gate policy, named by its gate-file key, with its value and what it does.
struct ThresholdRow {
    var key: String
    var value: String
    var meaning: String

    /// Every threshold, in the gate file's order.
    static func rows(_ policy: GatePolicy) -> [ThresholdRow] {
        func list(_ values: [String]) -> String { values.isEmpty ? "none" : values.joined(separator: ", ") }
        func fingerprints(_ values: [Fingerprint]) -> String { list(values.map(\.description)) }
        let overrides = policy.overrides.map { override in
            var parts: [String] = []
            if let relative = override.relativeThreshold { parts.append("relative \(ReportFormat.percent(relative))") }
            if let absolute = override.absoluteThresholdMs { parts.append("absolute \(ReportFormat.milliseconds(absolute)) ms") }
            if let samples = override.minimumSamples { parts.append("minimum samples \(ReportFormat.count(samples))") }
            return "\(override.fingerprint): " + (parts.isEmpty ? "defaults" : parts.joined(separator: ", "))
        }
        return [
            ThresholdRow(key: "confidence", value: ReportFormat.percent(policy.confidence),
                         meaning: "confidence level of every interval"),
            ThresholdRow(key: "false_discovery_rate", value: ReportFormat.number(policy.falseDiscoveryRate),
                         meaning: "false discovery rate of the latency and transient-error tests across statements"),
            ThresholdRow(key: "relative_threshold", value: ReportFormat.percent(policy.relativeThreshold),
                         meaning: "a statement regresses only if its typical time grows by more than this"),
            ThresholdRow(key: "absolute_threshold_ms", value: ReportFormat.milliseconds(policy.absoluteThresholdMs) + " ms",
                         meaning: "… and by more than this many milliseconds"),
            ThresholdRow(key: "minimum_samples", value: ReportFormat.count(policy.minimumSamples),
                         meaning: "paired requests needed before latency is judged"),
            ThresholdRow(key: "maximum_pairs", value: ReportFormat.count(policy.maximumPairs),
                         meaning: "pairs per statement used for the test (a deterministic sample above)"),
            ThresholdRow(key: "workload_threshold", value: ReportFormat.percent(policy.workloadThreshold),
                         meaning: "the workload fails when its weighted change is above this with confidence"),
            ThresholdRow(key: "failing_errors", value: list(policy.failingErrors),
                         meaning: "SQLSTATE classes or codes whose new errors fail the gate"),
            ThresholdRow(key: "transient_errors", value: list(policy.transientErrors),
                         meaning: "SQLSTATEs compared as rates, not request by request"),
            ThresholdRow(key: "transient_rate_floor", value: ReportFormat.percent(policy.transientRateFloor),
                         meaning: "a transient error fails only if its rate grows by more than this (absolute)"),
            ThresholdRow(key: "fail_on_result_differences", value: policy.failOnResultDifferences ? "yes" : "no",
                         meaning: "result differences fail the gate"),
            ThresholdRow(key: "allow_fingerprints", value: fingerprints(policy.allowFingerprints),
                         meaning: "statements whose changes are reported but never fail"),
            ThresholdRow(key: "allow_sqlstates", value: list(policy.allowSQLStates),
                         meaning: "SQLSTATEs whose new errors are reported but never fail"),
            ThresholdRow(key: "nondeterministic_fingerprints", value: fingerprints(policy.nondeterministicFingerprints),
                         meaning: "statements left out of the result check"),
            ThresholdRow(key: "critical_fingerprints", value: fingerprints(policy.criticalFingerprints),
                         meaning: "statements held to the critical threshold; any new error fails"),
            ThresholdRow(key: "critical_relative_threshold", value: ReportFormat.percent(policy.criticalRelativeThreshold),
                         meaning: "relative threshold of critical statements"),
            ThresholdRow(key: "overrides", value: overrides.isEmpty ? "none" : overrides.joined(separator: "; "),
                         meaning: "per-statement thresholds"),
        ]
    }
}
