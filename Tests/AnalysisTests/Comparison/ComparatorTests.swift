import Analysis
import Foundation
import LiveTestSupport
import Testing
import TestSupport

@Suite struct ComparatorTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// Writes baseline, candidate and (optionally) control run files from seeded requests, letting the
    /// test change the candidate's and the control's requests.
    func compare(control: Bool = true, policy: GatePolicy = GatePolicy(),
                 candidate change: (inout SyntheticRun.Request) -> Void = { _ in },
                 controlChange changeControl: (inout SyntheticRun.Request) -> Void = { _ in }) throws -> ComparisonReport {
        let baseline = try SyntheticRun.write(SyntheticRun.requests(seed: 1), to: directory.path("baseline.run"))
        var candidateRequests = SyntheticRun.requests(seed: 2)
        for index in candidateRequests.indices { change(&candidateRequests[index]) }
        let candidate = try SyntheticRun.write(candidateRequests, to: directory.path("candidate.run"))
        var controlPath: String?
        if control {
            var controlRequests = SyntheticRun.requests(seed: 3)
            for index in controlRequests.indices { changeControl(&controlRequests[index]) }
            controlPath = try SyntheticRun.write(controlRequests, to: directory.path("control.run"))
        }
        return try Comparator.compare(.init(baseline: baseline, candidate: candidate, control: controlPath, policy: policy))
    }

    func row(_ report: ComparisonReport, _ fingerprint: UInt64) throws -> FingerprintComparison {
        try #require(report.fingerprints.first { $0.fingerprint == Fingerprint(fingerprint) })
    }

    @Test func identicalCopiesPass() throws {
        let report = try compare()
        #expect(report.verdict == .pass)
        #expect(report.reasons.isEmpty)
        #expect(report.fingerprints.count == 4)
        #expect(report.workload.pairedRequests == 800)
        #expect(report.fingerprints.allSatisfy { !$0.status.fails })
        let select = try row(report, 0xA1)
        #expect(select.statement == "SELECT abalance FROM pgbench_accounts WHERE aid = $1")
        let latency = try #require(select.latency)
        #expect(latency.ratioInterval.contains(1))
    }

    @Test func aSlowerStatementFailsOnLatencyAlone() throws {
        let report = try compare { request in
            if request.statement == 0 { request.serviceMs *= 3 }
        }
        #expect(report.verdict == .fail)
        // The statement's own reason first; the workload's total time (it has 10 % of it) follows.
        #expect(report.reasons.allSatisfy { $0.kind == .latency })
        let reason = try #require(report.reasons.first)
        #expect(reason.fingerprint == Fingerprint(0xA1))
        #expect(reason.statement.hasPrefix("SELECT abalance"))
        guard case .number(let ratio) = reason.figures["ratio"] else { Issue.record("no ratio"); return }
        #expect(ratio > 2.7 && ratio < 3.3)
        #expect(try row(report, 0xA1).status == .regressed)
        #expect(try row(report, 0xB2).status == .unchanged)
        #expect(report.fingerprints.first?.fingerprint == Fingerprint(0xA1), "failing rows come first")
    }

    @Test func aSmallAbsoluteChangeDoesNotFail() throws {
        // +50 % of 0.08 ms is 0.04 ms: significant, above the relative threshold, below the absolute one.
        let report = try compare { request in
            if request.statement == 0 { request.serviceMs *= 1.5 }
        }
        #expect(report.verdict == .pass)
        #expect(try row(report, 0xA1).latency.map { $0.ratio > 1.3 } == true)
    }

    @Test func noiseThatTheControlAlsoShowsDoesNotFail() throws {
        // The candidate and the control are both 60 % slower on the big statement: the environment, not the migration.
        let slower: (inout SyntheticRun.Request) -> Void = { request in
            if request.statement == 3 { request.serviceMs *= 1.6 }
        }
        let withControl = try compare(candidate: slower, controlChange: slower)
        #expect(withControl.verdict == .pass)
        let withoutControl = try compare(control: false, candidate: slower)
        #expect(withoutControl.verdict == .fail)
    }

    @Test func newErrorsFailOnExactlyTheirStatement() throws {
        let report = try compare { request in
            if request.statement == 3 {
                request.sqlState = "42703"
                request.message = "column \"name\" does not exist"
            }
        }
        #expect(report.verdict == .fail)
        let errorReasons = report.reasons.filter { $0.kind == .errors }
        #expect(errorReasons.count == 1)
        #expect(errorReasons.first?.fingerprint == Fingerprint(0xD4))
        #expect(errorReasons.first?.figures["sqlstate"] == .text("42703"))
        #expect(errorReasons.first?.summary.contains("undefined_column") == true)
        let d4 = try row(report, 0xD4)
        #expect(d4.status == .newErrors)
        #expect(d4.errors.first?.new == 200)
        #expect(report.errorsBySQLState.first { $0.sqlState == "42703" }?.candidate == 200)
        #expect(report.fingerprints.filter { $0.status.fails }.count == 1)
    }

    @Test func errorsOutsideTheFailingClassesAreReportedOnly() throws {
        let report = try compare { request in
            if request.statement == 3 && request.sequence % 10 == 0 { request.sqlState = "25P02" }
        }
        #expect(report.verdict == .pass)
        #expect(try row(report, 0xD4).errors.first?.new == 20)
    }

    @Test func allowlistedErrorsDoNotFail() throws {
        var policy = GatePolicy()
        policy.allowSQLStates = ["42"]
        let report = try compare(policy: policy) { request in
            if request.statement == 3 { request.sqlState = "42703" }
        }
        #expect(report.verdict == .pass)
        #expect(try row(report, 0xD4).status == .allowed)
    }

    @Test func transientErrorsAreComparedAsRates() throws {
        // 1 in 4 requests of one statement now fails with a serialization failure.
        let many = try compare { request in
            if request.statement == 1 && request.sequence % 4 == 0 { request.sqlState = "40001" }
        }
        #expect(many.verdict == .fail)
        #expect(many.reasons.first?.figures["sqlstate"] == .text("40001"))
        // One more deadlock than the baseline is not evidence of anything.
        let one = try compare { request in
            if request.statement == 1 && request.sequence == 5 && request.session == 1 { request.sqlState = "40P01" }
        }
        #expect(one.verdict == .pass)
    }

    @Test func differentResultsFailUnlessIdenticalCopiesDifferToo() throws {
        let changed: (inout SyntheticRun.Request) -> Void = { request in
            if request.statement == 0 && request.sequence % 5 == 0 { request.checksum &+= 1 }
        }
        let report = try compare(candidate: changed)
        #expect(report.verdict == .fail)
        #expect(report.reasons.map(\.kind) == [.results])
        #expect(try row(report, 0xA1).results.differing == 40)
        #expect(report.resultExamples.count == 3)
        #expect(report.resultExamples.first?.differences == ["checksum"])

        let nondeterministic = try compare(candidate: changed, controlChange: changed)
        #expect(nondeterministic.verdict == .pass)
        #expect(try row(nondeterministic, 0xA1).status == .nondeterministic)
        #expect(nondeterministic.noise?.nondeterministicFingerprints == [Fingerprint(0xA1)])
    }

    @Test func volatileStatementsAreNotResultChecked() throws {
        // The INSERT calls CURRENT_TIMESTAMP.
        let report = try compare(control: false) { request in
            if request.statement == 2 { request.checksum &+= 1 }
        }
        #expect(report.verdict == .pass)
        #expect(try row(report, 0xC3).status == .nondeterministic)
    }

    @Test func orderedStatementsCompareTheOrderSensitiveChecksum() throws {
        let report = try compare { request in
            if request.statement == 3 && request.sequence == 7 { request.checksum &+= 1 }
        }
        let d4 = try row(report, 0xD4)
        #expect(d4.results.ordered)
        #expect(d4.results.differing == 1)
        #expect(report.verdict == .fail)
    }

    @Test func runsOfDifferentWorkloadsAreRefused() throws {
        let baseline = try SyntheticRun.write(SyntheticRun.requests(seed: 1), to: directory.path("a.run"), workloadHash: 1)
        let candidate = try SyntheticRun.write(SyntheticRun.requests(seed: 2), to: directory.path("b.run"), workloadHash: 2)
        #expect {
            try Comparator.compare(.init(baseline: baseline, candidate: candidate))
        } throws: { error in
            guard case ComparisonError.incompatibleRuns(let reason) = error else { return false }
            return reason.contains("different workloads")
        }
    }

    @Test func aCandidateThatMostlyDidNotRunCannotBeJudged() throws {
        #expect(throws: ComparisonError.self) {
            try compare { request in
                if request.sequence > 20 { request.status = .connectionLost }
            }
        }
    }

    @Test func aMissingFileIsAnUnreadableRun() throws {
        let baseline = try SyntheticRun.write(SyntheticRun.requests(seed: 1), to: directory.path("a.run"))
        #expect {
            try Comparator.compare(.init(baseline: baseline, candidate: directory.path("missing.run")))
        } throws: { error in
            guard case ComparisonError.unreadableRun = error else { return false }
            return true
        }
    }

    @Test func criticalStatementsUseTheStricterThreshold() throws {
        var policy = GatePolicy()
        policy.criticalFingerprints = [Fingerprint(0xD4)]
        policy.criticalRelativeThreshold = 0.05
        policy.absoluteThresholdMs = 0.01
        let slower: (inout SyntheticRun.Request) -> Void = { request in
            if request.statement == 3 { request.serviceMs *= 1.15 }
        }
        #expect(try compare(policy: policy, candidate: slower).verdict == .fail)
        var lenient = policy
        lenient.criticalFingerprints = []
        #expect(try compare(policy: lenient, candidate: slower).verdict == .pass)
    }

    @Test func theWorkloadChangeIsWeightedByShareOfTime() throws {
        // The big statement has 0.5 / (0.08 + 0.15 + 0.1 + 0.5) ≈ 60 % of the time; 2× slower → ≈ +60 %.
        let report = try compare { request in
            if request.statement == 3 { request.serviceMs *= 2 }
        }
        #expect(report.workload.weightedChange > 0.5 && report.workload.weightedChange < 0.7)
        #expect(report.reasons.contains { $0.kind == .latency && $0.fingerprint == nil })
    }

    @Test func aSlowerMachineIsPointedOut() throws {
        let report = try compare { $0.serviceMs *= 2.5 }
        #expect(report.verdict == .fail)
        #expect(report.notes.contains { $0.contains("slower machine") })
        #expect(report.everyStatementSlowedAlike)
        let one = try compare { request in
            if request.statement == 3 { request.serviceMs *= 2.5 }
        }
        #expect(!one.notes.contains { $0.contains("slower machine") })
        #expect(!one.everyStatementSlowedAlike)
        #expect(try !compare().everyStatementSlowedAlike)
    }

    /// A replay whose replayer itself ran late is pointed out with the figures of every run, a merged run
    /// with its worst shard's; replays on time, and run files from before replay reported its own lag,
    /// say nothing of it.
    @Test func aReplayThatRanLateByItselfIsPointedOut() throws {
        func notes(baseline: String, candidate: String) throws -> [String] {
            let base = try SyntheticRun.write(SyntheticRun.requests(seed: 1), to: directory.path("baseline.run"), summaryJSON: baseline)
            let other = try SyntheticRun.write(SyntheticRun.requests(seed: 2), to: directory.path("candidate.run"), summaryJSON: candidate)
            return try Comparator.compare(.init(baseline: base, candidate: other)).notes
        }
        let late = try notes(baseline: #"{"replayer_lag_p99_ms":0.31}"#, candidate: #"{"replayer_lag_p99_ms":6.4}"#)
        #expect(late.contains { $0.contains("replaying machine itself") && $0.contains("baseline 0.310 ms, candidate 6.40 ms") },
                "\(late)")
        let onTime = try notes(baseline: #"{"replayer_lag_p99_ms":0.31}"#, candidate: #"{"replayer_lag_p99_ms":0.9}"#)
        #expect(!onTime.contains { $0.contains("replaying machine itself") })
        let older = try notes(baseline: "{}", candidate: #"{"send_lag_p99_ms":40}"#)
        #expect(!older.contains { $0.contains("replaying machine itself") })
        // A merged run (pgrehearse merge) keeps each shard's summary: its worst shard speaks for it.
        let merged = #"{"inputs":[{"shards":[1],"summary":{"replayer_lag_p99_ms":0.2}},"#
            + #"{"shards":[2],"summary":{"replayer_lag_p99_ms":7.5}}],"merged_shards":[1,2],"shard_count":2}"#
        let shards = try notes(baseline: #"{"replayer_lag_p99_ms":0.31}"#, candidate: merged)
        #expect(shards.contains { $0.contains("baseline 0.310 ms, candidate 7.50 ms") }, "\(shards)")
    }

    @Test func aRunFileCutShortIsComparedUpToTheCutAndSaysSo() throws {
        let baseline = try SyntheticRun.write(SyntheticRun.requests(seed: 1), to: directory.path("baseline.run"))
        let candidate = try SyntheticRun.write(SyntheticRun.requests(seed: 2), to: directory.path("candidate.run"))
        // Cut off the trailer and the last outcomes, as when a replay is killed.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: candidate))
        let size = try handle.seekToEnd()
        try handle.truncate(atOffset: size - 3_000)
        try handle.close()
        let report = try Comparator.compare(.init(baseline: baseline, candidate: candidate))
        #expect(report.verdict == .pass)
        #expect(report.workload.pairedRequests < 800 && report.workload.pairedRequests > 600)
        #expect(report.notes.contains { $0.contains("cut short") })
        #expect(report.runs.candidate.complete == false)
    }
}
