/// Everything `compare` decided and measured: the verdict with its reasons first, then the evidence
/// (per-fingerprint table, workload totals, noise learned from the control, charts' data, environment).
///
/// Pure data: built by `Comparator`, rendered by the Report module (HTML, Markdown, JSON). Times are
/// in milliseconds unless a name says otherwise.
public struct ComparisonReport: Sendable, Codable {
    /// `pass` or `fail`.
    public var verdict: Verdict
    /// Why the gate failed (empty on a pass), most important first.
    public var reasons: [GateReason]
    /// Observations that did not fail the gate but that a reviewer should see (allowlisted errors,
    /// nondeterministic statements, requests that could not be paired, ...), one sentence each.
    public var notes: [String]
    /// One row per fingerprint, ordered by baseline share of time, largest first.
    public var fingerprints: [FingerprintComparison]
    /// The workload as a whole.
    public var workload: WorkloadComparison
    /// Errors by SQLSTATE across the workload, per run.
    public var errorsBySQLState: [SQLStateCounts]
    /// Examples of requests whose results differ between baseline and candidate (capped).
    public var resultExamples: [ResultDifferenceExample]
    /// Latency over each run's timeline.
    public var timeline: Timeline
    /// What the control run showed about noise and nondeterminism; nil without a control.
    public var noise: NoiseSummary?
    /// The thresholds the verdict was decided with.
    public var policy: GatePolicy
    /// The runs compared: files, headers, capture summary.
    public var runs: ComparedRuns

    public init(verdict: Verdict, reasons: [GateReason], notes: [String], fingerprints: [FingerprintComparison],
                workload: WorkloadComparison, errorsBySQLState: [SQLStateCounts], resultExamples: [ResultDifferenceExample],
                timeline: Timeline, noise: NoiseSummary?, policy: GatePolicy, runs: ComparedRuns) {
        self.verdict = verdict
        self.reasons = reasons
        self.notes = notes
        self.fingerprints = fingerprints
        self.workload = workload
        self.errorsBySQLState = errorsBySQLState
        self.resultExamples = resultExamples
        self.timeline = timeline
        self.noise = noise
        self.policy = policy
        self.runs = runs
    }
}

extension ComparisonReport {
    /// Almost every statement got slower by a similar factor (the report's note says so): what a slower
    /// machine during the candidate's replay looks like, which a migration that touches some tables
    /// rarely does. A rehearsal replays the candidate once more when this fails the gate.
    public var everyStatementSlowedAlike: Bool {
        GateEvaluation.uniformSlowdown(fingerprints, falseDiscoveryRate: policy.falseDiscoveryRate) != nil
    }
}

/// The gate's decision.
public enum Verdict: String, Sendable, Codable {
    case pass
    case fail
}
