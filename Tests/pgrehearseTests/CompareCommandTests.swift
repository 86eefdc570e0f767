import Foundation
import LiveTestSupport
import Testing
import TestSupport

/// `pgrehearse compare` as CI meets it: the exit status is the verdict, the files are written.
@Suite struct CompareCommandTests {
    let directory: TemporaryDirectory
    let baseline: String
    let control: String

    init() throws {
        directory = try TemporaryDirectory()
        baseline = try SyntheticRun.write(SyntheticRun.requests(seed: 1), to: directory.path("baseline.run"))
        control = try SyntheticRun.write(SyntheticRun.requests(seed: 3), to: directory.path("control.run"))
    }

    func candidate(_ change: (inout SyntheticRun.Request) -> Void = { _ in }) throws -> String {
        var requests = SyntheticRun.requests(seed: 2)
        for index in requests.indices { change(&requests[index]) }
        return try SyntheticRun.write(requests, to: directory.path("candidate.run"))
    }

    @Test func aPassExitsZeroAndWritesEveryReport() throws {
        let html = directory.path("out/report.html"), json = directory.path("out/verdict.json"), markdown = directory.path("out/summary.md")
        let run = try CommandLineTests.run(["compare", baseline, try candidate(), "--control", control,
                                            "--html", html, "--json", json, "--markdown", markdown])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasPrefix("PASS"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        #expect(object["verdict"] as? String == "pass")
        #expect((object["reasons"] as? [Any])?.isEmpty == true)
        #expect((object["fingerprints"] as? [Any])?.count == 4)
        #expect(try String(contentsOfFile: html, encoding: .utf8).contains("<svg"))
        #expect(try String(contentsOfFile: markdown, encoding: .utf8).contains("PASS"))
    }

    @Test func aFailExitsOneAndNamesTheStatement() throws {
        let json = directory.path("verdict.json")
        let slower = try candidate { request in
            if request.statement == 3 { request.serviceMs *= 4 }
        }
        let run = try CommandLineTests.run(["compare", baseline, slower, "--control", control, "--json", json])
        #expect(run.status == 1)
        #expect(run.standardOutput.hasPrefix("FAIL"))
        #expect(run.standardOutput.contains("SELECT name FROM customers"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        #expect(object["verdict"] as? String == "fail")
        let reasons = try #require(object["reasons"] as? [[String: Any]])
        let first = try #require(reasons.first)
        #expect(first["kind"] as? String == "latency")
        #expect(first["fingerprint"] as? String == "00000000000000d4")
        #expect((first["statement"] as? String)?.hasPrefix("SELECT name FROM customers") == true)
        #expect(first["figures"] is [String: Any])
    }

    @Test func undecidableRunsExitTwoWithOneLine() throws {
        let other = try SyntheticRun.write(SyntheticRun.requests(seed: 2), to: directory.path("other.run"), workloadHash: 99)
        let incompatible = try CommandLineTests.run(["compare", baseline, other])
        #expect(incompatible.status == 2)
        #expect(incompatible.standardError.contains("different workloads"))
        #expect(incompatible.standardError.split(separator: "\n").count == 1)

        let missing = try CommandLineTests.run(["compare", baseline, directory.path("nope.run")])
        #expect(missing.status == 2)

        let gate = directory.path("gate.yaml")
        try "relative_treshold: 0.5\n".write(toFile: gate, atomically: true, encoding: .utf8)
        let badGate = try CommandLineTests.run(["compare", baseline, try candidate(), "--gate", gate])
        #expect(badGate.status == 2)
        #expect(badGate.standardError.contains("unknown key 'relative_treshold'"))
    }

    @Test func theGateFileDecides() throws {
        let slower = try candidate { request in
            if request.statement == 3 { request.serviceMs *= 4 }
        }
        let gate = directory.path("gate.yaml")
        try "allow_fingerprints: [\"00000000000000d4\"]\nworkload_threshold: 10\n".write(toFile: gate, atomically: true, encoding: .utf8)
        let run = try CommandLineTests.run(["compare", baseline, slower, "--control", control, "--gate", gate])
        #expect(run.status == 0, "\(run.standardOutput)")
    }
}
