import Analysis
import Testing

@Suite struct GatePolicyTests {
    @Test func anEmptyFileGivesTheDefaults() throws {
        #expect(try GatePolicy(yaml: "", source: "gate.yaml") == GatePolicy())
        #expect(try GatePolicy(yaml: "---\n", source: "gate.yaml") == GatePolicy())
        let defaults = GatePolicy()
        #expect(defaults.failingErrors == ["42", "22", "23"])
        #expect(defaults.transientErrors.contains("40001"))
    }

    @Test func readsEveryKey() throws {
        let policy = try GatePolicy(yaml: """
            confidence: 0.99
            false_discovery_rate: 0.05
            relative_threshold: 0.3
            absolute_threshold_ms: 0.5
            minimum_samples: 50
            maximum_pairs: 5000
            workload_threshold: 0.2
            failing_errors: ["42", "0A000"]
            transient_errors: ["40001"]
            transient_rate_floor: 0.02
            fail_on_result_differences: false
            allow_fingerprints: [a1b2c3d4e5f60718]
            allow_sqlstates: ["23505"]
            nondeterministic_fingerprints: ["00000000000000ff"]
            critical_fingerprints: ["1"]
            critical_relative_threshold: 0.1
            overrides:
              - fingerprint: "ab"
                relative_threshold: 1.5
                minimum_samples: 10
            """, source: "gate.yaml")
        #expect(policy.confidence == 0.99)
        #expect(policy.falseDiscoveryRate == 0.05)
        #expect(policy.relativeThreshold == 0.3)
        #expect(policy.absoluteThresholdMs == 0.5)
        #expect(policy.minimumSamples == 50)
        #expect(policy.maximumPairs == 5000)
        #expect(policy.workloadThreshold == 0.2)
        #expect(policy.failingErrors == ["42", "0A000"])
        #expect(policy.transientErrors == ["40001"])
        #expect(policy.transientRateFloor == 0.02)
        #expect(policy.failOnResultDifferences == false)
        #expect(policy.allowFingerprints == [Fingerprint(0xA1B2_C3D4_E5F6_0718)])
        #expect(policy.allowSQLStates == ["23505"])
        #expect(policy.nondeterministicFingerprints == [Fingerprint(0xFF)])
        #expect(policy.criticalFingerprints == [Fingerprint(1)])
        #expect(policy.criticalRelativeThreshold == 0.1)
        #expect(policy.overrides == [FingerprintOverride(fingerprint: Fingerprint(0xAB), relativeThreshold: 1.5, minimumSamples: 10)])

        let overridden = policy.thresholds(for: Fingerprint(0xAB))
        #expect(overridden.relative == 1.5 && overridden.absoluteMs == 0.5 && overridden.minimumSamples == 10)
        let critical = policy.thresholds(for: Fingerprint(1))
        #expect(critical.critical && critical.relative == 0.1)
    }

    @Test(arguments: [
        ("relative_treshold: 0.3", "unknown key 'relative_treshold'"),
        ("confidence: 2", "confidence must be between"),
        ("minimum_samples: 1", "minimum_samples must be at least 2"),
        ("failing_errors: [\"4\"]", "neither a SQLSTATE"),
        ("allow_fingerprints: [xyz]", "not a fingerprint"),
        ("relative_threshold: fast", "relative_threshold"),
        ("relative_threshold: [", "not valid YAML"),
    ])
    func refusesWhatWouldMakeTheGateMeaningless(yaml: String, message: String) {
        #expect {
            try GatePolicy(yaml: yaml, source: "gate.yaml")
        } throws: { error in
            guard case ComparisonError.invalidGate(let path, let reason) = error else { return false }
            return path == "gate.yaml" && reason.contains(message)
        }
    }

    @Test func classesAndStatesMatch() {
        #expect(GatePolicy.matches("42703", ["42"]))
        #expect(GatePolicy.matches("40P01", ["40P01"]))
        #expect(!GatePolicy.matches("40001", ["40P01"]))
        #expect(!GatePolicy.matches("25P02", ["42", "22", "23"]))
    }
}
