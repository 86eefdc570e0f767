/// The workload as a whole: coverage of the pairing and the change in total time.
public struct WorkloadComparison: Sendable, Codable, Equatable {
    /// Outcomes in each run file.
    public var baselineOutcomes: Int
    public var candidateOutcomes: Int
    public var controlOutcomes: Int?
    /// Requests executed in both baseline and candidate (the ones compared).
    public var pairedRequests: Int
    /// Requests present in one run but not executed in the other (skipped, lost, cancelled, missing).
    public var unpairedRequests: Int
    /// Distinct fingerprints compared.
    public var fingerprints: Int
    /// Total service time of the paired requests in each run, in ms.
    public var baselineTotalMs: Double
    public var candidateTotalMs: Double
    public var controlTotalMs: Double?
    /// Change in total time, weighted by each fingerprint's share of the baseline time:
    /// Σ share × (ratio − 1), with the same sum over the ratio intervals' bounds. 0.1 = 10 % slower.
    public var weightedChange: Double
    public var weightedChangeInterval: ClosedRange<Double>
    /// Service-time summaries over all paired requests, per run.
    public var baseline: LatencySummary
    public var candidate: LatencySummary
    public var control: LatencySummary?

    public init(baselineOutcomes: Int, candidateOutcomes: Int, controlOutcomes: Int?, pairedRequests: Int,
                unpairedRequests: Int, fingerprints: Int, baselineTotalMs: Double, candidateTotalMs: Double,
                controlTotalMs: Double?, weightedChange: Double, weightedChangeInterval: ClosedRange<Double>,
                baseline: LatencySummary, candidate: LatencySummary, control: LatencySummary?) {
        self.baselineOutcomes = baselineOutcomes
        self.candidateOutcomes = candidateOutcomes
        self.controlOutcomes = controlOutcomes
        self.pairedRequests = pairedRequests
        self.unpairedRequests = unpairedRequests
        self.fingerprints = fingerprints
        self.baselineTotalMs = baselineTotalMs
        self.candidateTotalMs = candidateTotalMs
        self.controlTotalMs = controlTotalMs
        self.weightedChange = weightedChange
        self.weightedChangeInterval = weightedChangeInterval
        self.baseline = baseline
        self.candidate = candidate
        self.control = control
    }
}

/// How many requests failed with one SQLSTATE in each run (for the errors-by-SQLSTATE chart).
public struct SQLStateCounts: Sendable, Codable, Equatable {
    public var sqlState: String
    public var conditionName: String
    public var baseline: Int
    public var candidate: Int
    public var control: Int?

    public init(sqlState: String, conditionName: String, baseline: Int, candidate: Int, control: Int?) {
        self.sqlState = sqlState
        self.conditionName = conditionName
        self.baseline = baseline
        self.candidate = candidate
        self.control = control
    }
}

/// One request whose result differs between baseline and candidate, shown side by side.
public struct ResultDifferenceExample: Sendable, Codable, Equatable {
    public var fingerprint: Fingerprint
    public var session: UInt32
    public var sequence: UInt32
    /// What differs: `"command_tag"`, `"rows"`, `"checksum"`.
    public var differences: [String]
    public var baseline: ResultShape
    public var candidate: ResultShape
    /// The request's statement with its literal values and parameters; nil unless `--show-values`
    /// (the normalized text is in the fingerprint's row).
    public var statementWithValues: String?

    public init(fingerprint: Fingerprint, session: UInt32, sequence: UInt32, differences: [String],
                baseline: ResultShape, candidate: ResultShape, statementWithValues: String?) {
        self.fingerprint = fingerprint
        self.session = session
        self.sequence = sequence
        self.differences = differences
        self.baseline = baseline
        self.candidate = candidate
        self.statementWithValues = statementWithValues
    }
}

/// What one run returned for a request: enough to show a difference without the rows themselves.
public struct ResultShape: Sendable, Codable, Equatable {
    public var commandTags: [String]
    public var rows: UInt64
    /// 16 hex digits of the checksum that was compared.
    public var checksum: String
    /// SQLSTATE and message when the request failed.
    public var sqlState: String?
    public var errorMessage: String?

    public init(commandTags: [String], rows: UInt64, checksum: String, sqlState: String?, errorMessage: String?) {
        self.commandTags = commandTags
        self.rows = rows
        self.checksum = checksum
        self.sqlState = sqlState
        self.errorMessage = errorMessage
    }
}

/// Latency over each run's own timeline (seconds since its start), in equal buckets, for the timeline chart.
public struct Timeline: Sendable, Codable, Equatable {
    /// Width of a bucket in seconds.
    public var bucketSeconds: Double
    public var baseline: [TimelineBucket]
    public var candidate: [TimelineBucket]
    public var control: [TimelineBucket]?

    public init(bucketSeconds: Double, baseline: [TimelineBucket], candidate: [TimelineBucket], control: [TimelineBucket]?) {
        self.bucketSeconds = bucketSeconds
        self.baseline = baseline
        self.candidate = candidate
        self.control = control
    }
}

/// One bucket of a run's timeline: requests completed in it and their service-time percentiles.
public struct TimelineBucket: Sendable, Codable, Equatable {
    /// Start of the bucket, seconds since the run started.
    public var startSeconds: Double
    public var requests: Int
    public var errors: Int
    public var p50Ms: Double
    public var p99Ms: Double

    public init(startSeconds: Double, requests: Int, errors: Int, p50Ms: Double, p99Ms: Double) {
        self.startSeconds = startSeconds
        self.requests = requests
        self.errors = errors
        self.p50Ms = p50Ms
        self.p99Ms = p99Ms
    }
}

/// What the control run (an identical baseline copy) showed: the noise the gate allows for.
public struct NoiseSummary: Sendable, Codable, Equatable {
    /// Weighted change in total time between baseline and control (as `WorkloadComparison.weightedChange`).
    public var weightedChange: Double
    /// Largest |ratio − 1| between baseline and control over fingerprints with enough pairs, and its fingerprint.
    public var largestRatioChange: Double
    public var largestRatioFingerprint: Fingerprint?
    /// Fingerprints whose results differ between baseline and control (excluded from the result check).
    public var nondeterministicFingerprints: [Fingerprint]
    /// Requests failing in the control but not the baseline (or the reverse), by SQLSTATE.
    public var errorDifferences: [String: Int]

    public init(weightedChange: Double, largestRatioChange: Double, largestRatioFingerprint: Fingerprint?,
                nondeterministicFingerprints: [Fingerprint], errorDifferences: [String: Int]) {
        self.weightedChange = weightedChange
        self.largestRatioChange = largestRatioChange
        self.largestRatioFingerprint = largestRatioFingerprint
        self.nondeterministicFingerprints = nondeterministicFingerprints
        self.errorDifferences = errorDifferences
    }
}

/// The run files compared, for the report's environment section.
public struct ComparedRuns: Sendable, Codable, Equatable {
    public var baseline: RunDescription
    public var candidate: RunDescription
    public var control: RunDescription?

    public init(baseline: RunDescription, candidate: RunDescription, control: RunDescription?) {
        self.baseline = baseline
        self.candidate = candidate
        self.control = control
    }
}

/// One run file's metadata, as shown in the report.
public struct RunDescription: Sendable, Codable, Equatable {
    public var path: String
    public var target: String
    public var serverVersion: String
    public var systemIdentifier: String?
    public var settings: [String: String]
    public var workloadPath: String
    public var workloadHash: String
    public var workloadRequests: UInt64
    /// Replay speed: `"max"` or a factor such as `"1"`.
    public var speed: String
    public var filters: [String]
    public var shards: String
    /// Start and end, ISO 8601 UTC; end empty when the run file was cut short.
    public var startedAt: String
    public var endedAt: String
    public var durationSeconds: Double
    public var outcomes: Int
    public var interrupted: Bool
    public var complete: Bool
    public var hostName: String
    public var toolVersion: String
    /// The capture's import summary (JSON text, as `pgrehearse import --json` prints it), when the run
    /// file carries it: where and when the workload was captured, sessions, requests, losses.
    public var captureSummaryJSON: String?
    /// The 99th percentile of the replayer's own send lag, ms (a merged run: its worst shard's); nil for
    /// a run file cut short or written before replay reported it.
    public var replayerLagP99Ms: Double?

    public init(path: String, target: String, serverVersion: String, systemIdentifier: String?, settings: [String: String],
                workloadPath: String, workloadHash: String, workloadRequests: UInt64, speed: String, filters: [String],
                shards: String, startedAt: String, endedAt: String, durationSeconds: Double, outcomes: Int,
                interrupted: Bool, complete: Bool, hostName: String, toolVersion: String, captureSummaryJSON: String? = nil,
                replayerLagP99Ms: Double? = nil) {
        self.path = path
        self.target = target
        self.serverVersion = serverVersion
        self.systemIdentifier = systemIdentifier
        self.settings = settings
        self.workloadPath = workloadPath
        self.workloadHash = workloadHash
        self.workloadRequests = workloadRequests
        self.speed = speed
        self.filters = filters
        self.shards = shards
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.durationSeconds = durationSeconds
        self.outcomes = outcomes
        self.interrupted = interrupted
        self.complete = complete
        self.hostName = hostName
        self.toolVersion = toolVersion
        self.captureSummaryJSON = captureSummaryJSON
        self.replayerLagP99Ms = replayerLagP99Ms
    }
}
