/// The thresholds `compare` decides with: the defaults below, or a gate file (YAML, every key optional,
/// unknown keys refused so that a typo cannot silently loosen the gate). See docs/compare.md.
public struct GatePolicy: Sendable, Codable, Equatable {
    /// Confidence level of every interval (ratio, percentiles, weighted change).
    public var confidence: Double = 0.95
    /// False discovery rate for the latency and transient-error tests (Benjamini–Hochberg across fingerprints).
    public var falseDiscoveryRate: Double = 0.01
    /// A fingerprint regresses only when its typical service time grows by more than this fraction
    /// (0.2 = 20 %) ...
    public var relativeThreshold: Double = 0.2
    /// ... and by more than this many milliseconds ...
    public var absoluteThresholdMs: Double = 0.1
    /// ... and beyond the control's change between identical copies (always, when a control is given).
    /// Paired requests needed before latency is judged at all.
    public var minimumSamples: Int = 20
    /// Pairs per fingerprint used for the rank test and the shift (a deterministic sample above this).
    public var maximumPairs: Int = 20_000
    /// The workload fails when its weighted change in total time is above this fraction plus the size of
    /// the control's own change, with confidence (the lower bound of its interval), even if no single
    /// fingerprint did. Whole runs drift together (checkpoints, caches, a neighbour on the host), so
    /// this is as wide as the per-statement threshold and widened by the noise the control shows.
    public var workloadThreshold: Double = 0.2
    /// SQLSTATE classes (two characters) or full SQLSTATEs whose new errors fail the gate.
    public var failingErrors: [String] = ["42", "22", "23"]
    /// SQLSTATEs or classes compared as rates, with a test and a floor, not request by request.
    public var transientErrors: [String] = ["40001", "40P01", "55P03", "57014", "53"]
    /// A transient error fails only when its rate grows by more than this (absolute, 0.01 = 1 point) ...
    public var transientRateFloor: Double = 0.01
    /// Result differences fail the gate (set false to only report them).
    public var failOnResultDifferences: Bool = true
    /// Fingerprints (hex) whose changes are reported but never fail the gate.
    public var allowFingerprints: [Fingerprint] = []
    /// SQLSTATEs or classes whose new errors are reported but never fail the gate.
    public var allowSQLStates: [String] = []
    /// Fingerprints whose results are known to vary (now(), random(), sequences): excluded from the result check.
    public var nondeterministicFingerprints: [Fingerprint] = []
    /// Fingerprints that matter most: any new error fails, the critical relative threshold applies, and
    /// their absence from the runs is a failure.
    public var criticalFingerprints: [Fingerprint] = []
    /// Relative threshold for critical fingerprints.
    public var criticalRelativeThreshold: Double = 0.05
    /// Per-fingerprint thresholds.
    public var overrides: [FingerprintOverride] = []

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case confidence
        case falseDiscoveryRate = "false_discovery_rate"
        case relativeThreshold = "relative_threshold"
        case absoluteThresholdMs = "absolute_threshold_ms"
        case minimumSamples = "minimum_samples"
        case maximumPairs = "maximum_pairs"
        case workloadThreshold = "workload_threshold"
        case failingErrors = "failing_errors"
        case transientErrors = "transient_errors"
        case transientRateFloor = "transient_rate_floor"
        case failOnResultDifferences = "fail_on_result_differences"
        case allowFingerprints = "allow_fingerprints"
        case allowSQLStates = "allow_sqlstates"
        case nondeterministicFingerprints = "nondeterministic_fingerprints"
        case criticalFingerprints = "critical_fingerprints"
        case criticalRelativeThreshold = "critical_relative_threshold"
        case overrides
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = container.allKeys.first(where: { !known.contains($0.stringValue) }) {
            throw DecodingError.dataCorruptedError(
                forKey: unknown, in: container,
                debugDescription: "unknown key '\(unknown.stringValue)' (known: \(known.sorted().joined(separator: ", ")))")
        }
        let values = try decoder.container(keyedBy: CodingKeys.self)
        var policy = GatePolicy()
        func read<T: Decodable>(_ key: CodingKeys, into path: WritableKeyPath<GatePolicy, T>) throws {
            if let value = try values.decodeIfPresent(T.self, forKey: key) { policy[keyPath: path] = value }
        }
        try read(.confidence, into: \.confidence)
        try read(.falseDiscoveryRate, into: \.falseDiscoveryRate)
        try read(.relativeThreshold, into: \.relativeThreshold)
        try read(.absoluteThresholdMs, into: \.absoluteThresholdMs)
        try read(.minimumSamples, into: \.minimumSamples)
        try read(.maximumPairs, into: \.maximumPairs)
        try read(.workloadThreshold, into: \.workloadThreshold)
        try read(.failingErrors, into: \.failingErrors)
        try read(.transientErrors, into: \.transientErrors)
        try read(.transientRateFloor, into: \.transientRateFloor)
        try read(.failOnResultDifferences, into: \.failOnResultDifferences)
        try read(.allowFingerprints, into: \.allowFingerprints)
        try read(.allowSQLStates, into: \.allowSQLStates)
        try read(.nondeterministicFingerprints, into: \.nondeterministicFingerprints)
        try read(.criticalFingerprints, into: \.criticalFingerprints)
        try read(.criticalRelativeThreshold, into: \.criticalRelativeThreshold)
        try read(.overrides, into: \.overrides)
        self = policy
    }

    /// Whether `sqlState` matches one of `patterns` (a full SQLSTATE, or a two-character class).
    public static func matches(_ sqlState: String, _ patterns: [String]) -> Bool {
        patterns.contains { $0.count == 2 ? sqlState.hasPrefix($0) : $0 == sqlState }
    }

    /// The thresholds that apply to `fingerprint`: overrides and critical settings applied.
    public func thresholds(for fingerprint: Fingerprint) -> Thresholds {
        let critical = criticalFingerprints.contains(fingerprint)
        var result = Thresholds(relative: critical ? criticalRelativeThreshold : relativeThreshold,
                                absoluteMs: absoluteThresholdMs, minimumSamples: minimumSamples, critical: critical)
        if let override = overrides.first(where: { $0.fingerprint == fingerprint }) {
            if let relative = override.relativeThreshold { result.relative = relative }
            if let absolute = override.absoluteThresholdMs { result.absoluteMs = absolute }
            if let samples = override.minimumSamples { result.minimumSamples = samples }
        }
        return result
    }

    /// Latency thresholds for one fingerprint.
    public struct Thresholds: Sendable, Equatable {
        public var relative: Double
        public var absoluteMs: Double
        public var minimumSamples: Int
        public var critical: Bool
    }
}

/// Thresholds for one fingerprint that replace the gate's defaults.
public struct FingerprintOverride: Sendable, Codable, Equatable {
    public var fingerprint: Fingerprint
    public var relativeThreshold: Double?
    public var absoluteThresholdMs: Double?
    public var minimumSamples: Int?

    public init(fingerprint: Fingerprint, relativeThreshold: Double? = nil, absoluteThresholdMs: Double? = nil,
                minimumSamples: Int? = nil) {
        self.fingerprint = fingerprint
        self.relativeThreshold = relativeThreshold
        self.absoluteThresholdMs = absoluteThresholdMs
        self.minimumSamples = minimumSamples
    }

    enum CodingKeys: String, CodingKey {
        case fingerprint
        case relativeThreshold = "relative_threshold"
        case absoluteThresholdMs = "absolute_threshold_ms"
        case minimumSamples = "minimum_samples"
    }
}

/// Any key, to find the ones a gate file should not have.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
