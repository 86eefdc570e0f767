import Analysis
import Foundation
import Testing
@testable import Report

@Suite struct JSONVerdictTests {
    /// Parses the verdict as plain JSON, as another tool would.
    func object(_ report: ComparisonReport) throws -> [String: Any] {
        let text = try JSONVerdict.render(report)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(parsed as? [String: Any])
    }

    @Test func hasTheContractKeys() throws {
        let json = try object(ReportFixture.failing())
        #expect(Set(json.keys) == ["verdict", "reasons", "notes", "fingerprints", "workload", "errors_by_sqlstate",
                                   "result_examples", "timeline", "noise", "policy", "runs"])
        #expect(json["verdict"] as? String == "fail")

        let reasons = try #require(json["reasons"] as? [[String: Any]])
        #expect(reasons.count == 3)
        #expect(reasons.map { $0["kind"] as? String } == ["errors", "latency", "results"])
        for reason in reasons {
            #expect(Set(reason.keys) == ["kind", "fingerprint", "statement", "summary", "figures"])
        }
        #expect(reasons[0]["fingerprint"] as? String == "1a2b3c4d5e6f7081")
        let figures = try #require(reasons[0]["figures"] as? [String: Any])
        #expect(figures["sqlstate"] as? String == "42703")
        #expect(figures["new_errors"] as? Double == 1_200)

        let fingerprints = try #require(json["fingerprints"] as? [[String: Any]])
        #expect(fingerprints.count == 30)
        let first = fingerprints[0]
        for key in ["fingerprint", "statement", "status", "paired_calls", "baseline_calls", "candidate_calls", "share_of_time",
                    "baseline", "candidate", "control", "latency", "control_latency", "errors", "results"] {
            #expect(first[key] != nil, "fingerprint row lacks \(key)")
        }
        let baseline = try #require(first["baseline"] as? [String: Any])
        #expect(Set(baseline.keys) == ["count", "total_ms", "mean_ms", "p50_ms", "p95_ms", "p99_ms", "max_ms", "p95_interval",
                                       "p99_interval", "spectrum_ms"])
        let latency = try #require(first["latency"] as? [String: Any])
        #expect(Set(latency.keys) == ["pairs", "ratio", "ratio_interval", "shift_ms", "p_value", "adjusted_p_value"])

        let users = try #require(fingerprints.first { $0["fingerprint"] as? String == "1a2b3c4d5e6f7081" })
        let errors = try #require(users["errors"] as? [[String: Any]])
        #expect(errors.first?["sql_state"] as? String == "42703")
        #expect(errors.first?["condition_name"] as? String == "undefined_column")
        #expect(users["status"] as? String == "new_errors")

        let states = try #require(json["errors_by_sqlstate"] as? [[String: Any]])
        #expect(Set(states[0].keys) == ["sql_state", "condition_name", "baseline", "candidate", "control"])
        let examples = try #require(json["result_examples"] as? [[String: Any]])
        #expect(examples[0]["statement_with_values"] is String)
        #expect((examples[0]["candidate"] as? [String: Any])?["command_tags"] is [Any])
    }

    @Test func policyKeepsTheGateFileKeys() throws {
        let json = try object(ReportFixture.failing())
        let policy = try #require(json["policy"] as? [String: Any])
        #expect(Set(policy.keys) == ["confidence", "false_discovery_rate", "relative_threshold", "absolute_threshold_ms",
                                     "minimum_samples", "maximum_pairs", "workload_threshold", "failing_errors",
                                     "transient_errors", "transient_rate_floor", "fail_on_result_differences",
                                     "allow_fingerprints", "allow_sqlstates", "nondeterministic_fingerprints",
                                     "critical_fingerprints", "critical_relative_threshold", "overrides"])
        let overrides = try #require(policy["overrides"] as? [[String: Any]])
        #expect(Set(overrides[0].keys) == ["fingerprint", "relative_threshold", "minimum_samples"])
        #expect(policy["allow_sqlstates"] as? [String] == ["40001"])
    }

    @Test func dataKeysAreNotConverted() throws {
        // Server settings (DateStyle is mixed case in PostgreSQL), reason figures and SQLSTATEs are data.
        let json = try object(ReportFixture.failing())
        let runs = try #require(json["runs"] as? [String: Any])
        let baseline = try #require(runs["baseline"] as? [String: Any])
        let settings = try #require(baseline["settings"] as? [String: String])
        #expect(settings["DateStyle"] == "ISO, MDY")
        #expect(settings["work_mem"] == "4MB")
        #expect(baseline["server_version"] is String && baseline["workload_hash"] is String && baseline["duration_seconds"] is Double)
        let noise = try #require(json["noise"] as? [String: Any])
        #expect((noise["error_differences"] as? [String: Int])?["40001"] == 3)
        #expect(noise["largest_ratio_fingerprint"] as? String == ReportFixture.improvedFingerprint.description)
    }

    @Test func everyModelKeyIsSnakeCase() throws {
        let dataDictionaries: Set<String> = ["settings", "figures", "error_differences"]
        func check(_ value: Any, path: String) {
            if let object = value as? [String: Any] {
                for (key, child) in object {
                    #expect(key == key.lowercased(), "key \(key) at \(path) is not snake_case")
                    if !dataDictionaries.contains(key) { check(child, path: path + "." + key) }
                }
            } else if let array = value as? [Any] {
                for child in array { check(child, path: path + "[]") }
            }
        }
        check(try object(ReportFixture.failing()), path: "")
    }

    @Test func workloadReasonHasANullFingerprint() throws {
        var report = ReportFixture.failing()
        report.reasons.append(GateReason(kind: .latency, fingerprint: nil, statement: "",
                                         summary: "The workload is 12.1 % slower in total.",
                                         figures: ["weighted_change": .number(0.121)]))
        let text = try JSONVerdict.render(report)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let reasons = try #require(json["reasons"] as? [[String: Any]])
        #expect(Set(reasons[3].keys) == ["kind", "fingerprint", "statement", "summary", "figures"])
        #expect(reasons[3]["fingerprint"] is NSNull)
        #expect(try JSONVerdict.decode(Data(text.utf8)).reasons == report.reasons)
    }

    @Test func noiseIsNullWithoutAControl() throws {
        let text = try JSONVerdict.render(ReportFixture.passing())
        #expect(text.contains("\"noise\" : null"))
        let json = try object(ReportFixture.passing())
        #expect(json["verdict"] as? String == "pass")
        #expect((json["reasons"] as? [Any])?.isEmpty == true)
        #expect(json["noise"] is NSNull)
    }

    @Test func isPrettyAndSorted() throws {
        let text = try JSONVerdict.render(ReportFixture.failing())
        #expect(text.hasPrefix("{\n  \"errors_by_sqlstate\""))
        #expect(text.hasSuffix("}\n"))
        let topLevel = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.dropFirst(3).prefix { $0 != "\"" } }
        #expect(topLevel == topLevel.sorted())
        #expect(topLevel.count == 11)
    }

    @Test(arguments: ["failing", "passing"])
    func decodesBack(_ fixture: String) throws {
        let report = fixture == "failing" ? ReportFixture.failing() : ReportFixture.passing()
        let text = try JSONVerdict.render(report)
        let decoded = try JSONVerdict.decode(Data(text.utf8))
        #expect(decoded.verdict == report.verdict)
        #expect(decoded.reasons == report.reasons)
        #expect(decoded.policy == report.policy)
        #expect(decoded.runs == report.runs)
        #expect(decoded.workload == report.workload)
        #expect(decoded.noise == report.noise)
        #expect(decoded.timeline == report.timeline)
        #expect(decoded.fingerprints.map(\.fingerprint) == report.fingerprints.map(\.fingerprint))
        #expect(decoded.fingerprints.map(\.errors) == report.fingerprints.map(\.errors))
        #expect(try JSONVerdict.render(decoded) == text)
    }

    @Test func nonFiniteNumbersDoNotFail() throws {
        var report = ReportFixture.passing()
        report.fingerprints[0].latency?.ratio = .infinity
        report.workload.weightedChange = .nan
        let text = try JSONVerdict.render(report)
        #expect(text.contains("\"inf\""))
        let decoded = try JSONVerdict.decode(Data(text.utf8))
        #expect(decoded.fingerprints[0].latency?.ratio == .infinity)
        #expect(decoded.workload.weightedChange.isNaN)
    }

    @Test func refusesSomethingElse() {
        #expect(throws: ReportError.self) { try JSONVerdict.decode(Data("{\"verdict\": \"maybe\"}".utf8)) }
    }
}
