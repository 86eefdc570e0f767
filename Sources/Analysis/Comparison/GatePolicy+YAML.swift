import Foundation
import Yams

extension GatePolicy {
    /// Reads a gate file's YAML text (`source` names it in messages). An empty document gives the defaults.
    public init(yaml: String, source: String) throws(ComparisonError) {
        let trimmed = yaml.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed == "---" {
            self.init()
        } else {
            do {
                self = try YAMLDecoder().decode(GatePolicy.self, from: yaml)
            } catch let error as DecodingError {
                throw .invalidGate(path: source, reason: Self.describe(error))
            } catch {
                throw .invalidGate(path: source, reason: "not valid YAML: \(error)")
            }
        }
        try validate(source: source)
    }

    /// Refuses values that would make the gate meaningless.
    func validate(source: String) throws(ComparisonError) {
        func fail(_ reason: String) throws(ComparisonError) { throw .invalidGate(path: source, reason: reason) }
        if !(confidence > 0.5 && confidence < 1) { try fail("confidence must be between 0.5 and 1, for example 0.95") }
        if !(falseDiscoveryRate > 0 && falseDiscoveryRate < 1) { try fail("false_discovery_rate must be between 0 and 1, for example 0.01") }
        if relativeThreshold < 0 || criticalRelativeThreshold < 0 { try fail("relative thresholds must not be negative") }
        if absoluteThresholdMs < 0 { try fail("absolute_threshold_ms must not be negative") }
        if minimumSamples < 2 { try fail("minimum_samples must be at least 2") }
        if maximumPairs < 100 { try fail("maximum_pairs must be at least 100") }
        if transientRateFloor < 0 { try fail("transient_rate_floor must not be negative") }
        for pattern in failingErrors + transientErrors + allowSQLStates where pattern.count != 2 && pattern.count != 5 {
            try fail("'\(pattern)' is neither a SQLSTATE (5 characters) nor a class (2 characters)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue).filter { !$0.isEmpty }
            return keys.isEmpty ? "" : keys.joined(separator: ".") + ": "
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return path(context) + context.debugDescription
        case .keyNotFound(let key, let context):
            return path(context) + "missing key '\(key.stringValue)'"
        @unknown default:
            return "\(error)"
        }
    }
}
