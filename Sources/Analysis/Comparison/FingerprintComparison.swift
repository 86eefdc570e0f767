/// One row of the per-fingerprint table: how the requests of one statement fared on the candidate
/// against the baseline (and the control), by errors, results and latency.
public struct FingerprintComparison: Sendable, Codable {
    public var fingerprint: Fingerprint
    /// Normalized statement text (literals as `$n`); empty when the run files do not carry it.
    public var statement: String
    /// What the gate concluded for this statement.
    public var status: FingerprintStatus
    /// Requests of this statement that ran (were executed) in both the baseline and the candidate.
    public var pairedCalls: Int
    /// Executed requests in each run (including unpaired ones).
    public var baselineCalls: Int
    public var candidateCalls: Int
    /// This statement's share of the baseline's total service time (0...1).
    public var shareOfTime: Double
    /// Service-time distributions (server time plus network, from the actual send), per run.
    public var baseline: LatencySummary
    public var candidate: LatencySummary
    public var control: LatencySummary?
    /// The paired latency comparison; nil when too few pairs (see `policy.minimumSamples`).
    public var latency: LatencyChange?
    /// The control's paired comparison against the baseline: the noise between identical copies.
    public var controlLatency: LatencyChange?
    /// Errors that differ between baseline and candidate, by SQLSTATE.
    public var errors: [ErrorChange]
    /// Result comparison (command tags, rows, checksums).
    public var results: ResultComparison

    public init(fingerprint: Fingerprint, statement: String, status: FingerprintStatus, pairedCalls: Int,
                baselineCalls: Int, candidateCalls: Int, shareOfTime: Double, baseline: LatencySummary,
                candidate: LatencySummary, control: LatencySummary?, latency: LatencyChange?,
                controlLatency: LatencyChange?, errors: [ErrorChange], results: ResultComparison) {
        self.fingerprint = fingerprint
        self.statement = statement
        self.status = status
        self.pairedCalls = pairedCalls
        self.baselineCalls = baselineCalls
        self.candidateCalls = candidateCalls
        self.shareOfTime = shareOfTime
        self.baseline = baseline
        self.candidate = candidate
        self.control = control
        self.latency = latency
        self.controlLatency = controlLatency
        self.errors = errors
        self.results = results
    }
}

/// The gate's conclusion for one fingerprint, worst first.
public enum FingerprintStatus: String, Sendable, Codable, CaseIterable {
    /// New errors that fail the gate.
    case newErrors = "new_errors"
    /// Results differ from the baseline.
    case resultsDiffer = "results_differ"
    /// Significantly and materially slower.
    case regressed
    /// Something changed that the gate was told to accept (allowlisted errors or statements).
    case allowed
    /// Results differ between baseline and control: excluded from the result check.
    case nondeterministic
    /// Significantly and materially faster.
    case improved
    /// Too few samples to judge latency.
    case notEnoughData = "not_enough_data"
    /// No material change.
    case unchanged

    /// Whether this status fails the gate.
    public var fails: Bool { self == .newErrors || self == .resultsDiffer || self == .regressed }
}

/// A latency distribution of one fingerprint in one run, from its HdrHistogram (milliseconds).
public struct LatencySummary: Sendable, Codable, Equatable {
    /// Requests measured.
    public var count: Int
    /// Sum of the measured times.
    public var totalMs: Double
    public var meanMs: Double
    public var p50Ms: Double
    public var p95Ms: Double
    public var p99Ms: Double
    public var maxMs: Double
    /// Bootstrap intervals of p95 and p99; nil when there are too few samples for that percentile.
    public var p95Interval: ClosedRange<Double>?
    public var p99Interval: ClosedRange<Double>?
    /// The distribution at `LatencySummary.spectrumPercentiles`, for percentile-spectrum and ECDF charts.
    public var spectrumMs: [Double]

    /// Percentiles the spectrum is sampled at: dense in the body, then the tail out to 99.99.
    public static let spectrumPercentiles: [Double] =
        stride(from: 0.0, through: 95.0, by: 2.5).map { $0 } + [96, 97, 98, 99, 99.5, 99.9, 99.95, 99.99, 100]

    public init(count: Int, totalMs: Double, meanMs: Double, p50Ms: Double, p95Ms: Double, p99Ms: Double, maxMs: Double,
                p95Interval: ClosedRange<Double>?, p99Interval: ClosedRange<Double>?, spectrumMs: [Double]) {
        self.count = count
        self.totalMs = totalMs
        self.meanMs = meanMs
        self.p50Ms = p50Ms
        self.p95Ms = p95Ms
        self.p99Ms = p99Ms
        self.maxMs = maxMs
        self.p95Interval = p95Interval
        self.p99Interval = p99Interval
        self.spectrumMs = spectrumMs
    }

    /// No requests.
    public static let empty = LatencySummary(count: 0, totalMs: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0,
                                             p95Interval: nil, p99Interval: nil, spectrumMs: [])
}

/// The paired comparison of one fingerprint's requests: for each request that ran in both runs, the log
/// of (other / baseline) service time; a Wilcoxon signed-rank test and a Hodges–Lehmann shift of those.
public struct LatencyChange: Sendable, Codable, Equatable {
    /// Pairs used (a deterministic sample when there are more than `GatePolicy.maximumPairs`).
    public var pairs: Int
    /// exp(Hodges–Lehmann shift of the log ratios): the typical factor, 1.5 = 50 % slower.
    public var ratio: Double
    /// Confidence interval of `ratio` (at `GatePolicy.confidence`).
    public var ratioInterval: ClosedRange<Double>
    /// The typical absolute change: baseline median × (ratio − 1), in ms.
    public var shiftMs: Double
    /// Two-sided p-value of the signed-rank test.
    public var pValue: Double
    /// `pValue` after Benjamini–Hochberg across fingerprints.
    public var adjustedPValue: Double

    public init(pairs: Int, ratio: Double, ratioInterval: ClosedRange<Double>, shiftMs: Double, pValue: Double,
                adjustedPValue: Double) {
        self.pairs = pairs
        self.ratio = ratio
        self.ratioInterval = ratioInterval
        self.shiftMs = shiftMs
        self.pValue = pValue
        self.adjustedPValue = adjustedPValue
    }
}

/// Requests of one fingerprint whose error differs between baseline and candidate, for one SQLSTATE.
public struct ErrorChange: Sendable, Codable, Equatable {
    /// The SQLSTATE (on the candidate for `new` and `changed`, on the baseline for `fixed`).
    public var sqlState: String
    /// Its condition name, for example `undefined_column`; empty when unknown.
    public var conditionName: String
    /// Requests that fail with it only on the candidate.
    public var new: Int
    /// Requests that fail with it only on the baseline.
    public var fixed: Int
    /// Requests that fail on both, with this SQLSTATE on the candidate and another on the baseline.
    public var changed: Int
    /// Requests failing with it in each run (the rate compared for transient errors).
    public var baselineCount: Int
    public var candidateCount: Int
    public var controlCount: Int?
    /// Transient classes (serialization failures, deadlocks, lock timeouts, cancels, resources) are
    /// compared as rates rather than request by request.
    public var transient: Bool
    /// p-value of the rate comparison (transient errors only).
    public var ratePValue: Double?
    /// One example error message from the candidate (or the baseline for `fixed`).
    public var exampleMessage: String
    /// Whether this change fails the gate.
    public var fails: Bool
    /// Whether the gate file allowlists it.
    public var allowed: Bool

    public init(sqlState: String, conditionName: String, new: Int, fixed: Int, changed: Int, baselineCount: Int,
                candidateCount: Int, controlCount: Int?, transient: Bool, ratePValue: Double?, exampleMessage: String,
                fails: Bool, allowed: Bool) {
        self.sqlState = sqlState
        self.conditionName = conditionName
        self.new = new
        self.fixed = fixed
        self.changed = changed
        self.baselineCount = baselineCount
        self.candidateCount = candidateCount
        self.controlCount = controlCount
        self.transient = transient
        self.ratePValue = ratePValue
        self.exampleMessage = exampleMessage
        self.fails = fails
        self.allowed = allowed
    }
}

/// Request-by-request result comparison of one fingerprint.
public struct ResultComparison: Sendable, Codable, Equatable {
    /// Pairs whose results were compared (both succeeded).
    public var compared: Int
    /// Of those, pairs whose command tag, row count or checksum differ.
    public var differing: Int
    /// Pairs that differ between baseline and control (nil without a control).
    public var controlDiffering: Int?
    /// Results compared in order (the statement has a top-level ORDER BY) or as a multiset.
    public var ordered: Bool
    /// Results differ between identical copies (or the statement is allowlisted or calls a volatile
    /// function such as now() or random()): excluded from the gate.
    public var nondeterministic: Bool

    public init(compared: Int, differing: Int, controlDiffering: Int?, ordered: Bool, nondeterministic: Bool) {
        self.compared = compared
        self.differing = differing
        self.controlDiffering = controlDiffering
        self.ordered = ordered
        self.nondeterministic = nondeterministic
    }
}
