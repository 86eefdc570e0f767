import Analysis
import Foundation
import LiveTestSupport
import LocalPostgres
import Rehearsal
import Replay
import Testing

/// The gate's acceptance tests on real clusters: baseline, control and candidate are copies of one
/// database, the workload a paced pgbench script recorded live (`RehearsalWorkload`), and each migration
/// must get the verdict a reviewer would give it, for the right reason and on the right statements.
///
/// Latency is measured here, so `scripts/test` runs this target on its own, after the other suites:
/// replays competing for the two processors with other tests would measure the tests, not the migration.
@Suite(.serialized, .enabled(if: LiveCaptureProbe.isAvailable, "live capture on lo needs root or CAP_NET_RAW"))
struct CompareGateLiveTests {
    /// Baseline and control runs shared by the migration tests (each migration gets its own candidate copy).
    struct SharedRuns: Sendable {
        let stage: RehearsalStage
        let workload: String
        let baseline: String
        let control: String
    }

    static let shared = RecordedOnce { () throws -> SharedRuns in
        let fixture = try RehearsalWorkload.recorded()
        let directory = try ProcessLifetimeResources.directory() + "/compare-gate"
        let stage = RehearsalStage(cluster: fixture.cluster, template: RehearsalWorkload.databaseName,
                                   directory: directory, speed: .factor(1), toolVersion: "test")
        try stage.makeCopy(named: "gate_baseline")
        let baseline = try stage.replay(fixture.workloadPath, into: "gate_baseline", run: "baseline.run").path
        try stage.makeCopy(named: "gate_control")
        let control = try stage.replay(fixture.workloadPath, into: "gate_control", run: "control.run").path
        return SharedRuns(stage: stage, workload: fixture.workloadPath, baseline: baseline, control: control)
    }

    /// Replays into a fresh copy with `sql` applied and compares it with the shared baseline and control.
    func rehearse(_ name: String, _ sql: String) throws -> ComparisonReport {
        let runs = try Self.shared.value()
        return try runs.stage.rehearseCandidate(runs.workload, copy: "gate_" + name, migration: Migration(name: name, sql: sql),
                                                baseline: runs.baseline, control: runs.control, run: name,
                                                reportFolder: name, title: name).report
    }

    func row(_ report: ComparisonReport, statementPrefix: String) throws -> FingerprintComparison {
        try #require(report.fingerprints.first { $0.statement.hasPrefix(statementPrefix) },
                     "no row for \(statementPrefix) in \(report.fingerprints.map(\.statement))")
    }

    static func explain(_ report: ComparisonReport) -> String {
        report.reasons.map { "\($0.kind) \($0.fingerprint?.description ?? "workload"): \($0.summary) [\($0.statement)]" }
            .joined(separator: "\n") + report.notes.map { "\nnote: \($0)" }.joined()
    }

    @Test func noMigrationPassesTenTimesOutOfTen() throws {
        let fixture = try RehearsalWorkload.recorded()
        let directory = try ProcessLifetimeResources.directory() + "/compare-repeat"
        var stage = RehearsalStage(cluster: fixture.cluster, template: RehearsalWorkload.databaseName,
                                   directory: directory, speed: .factor(2), toolVersion: "test")
        stage.speed = .factor(2)
        var failures: [String] = []
        for round in 1...10 {
            var runs: [String] = []
            for role in ["baseline", "control"] {
                let copy = "repeat_\(role)"
                try stage.makeCopy(named: copy)
                runs.append(try stage.replay(fixture.workloadPath, into: copy, run: "\(role)-\(round).run").path)
                try stage.dropCopy(named: copy)
            }
            // As the demo does: a candidate whose every statement got slower alike is replayed once more.
            let report = try stage.rehearseCandidate(fixture.workloadPath, copy: "repeat_candidate", migration: nil,
                                                     baseline: runs[0], control: runs[1], run: "candidate-\(round)",
                                                     reportFolder: "round-\(round)", title: "round \(round)").report
            if report.verdict != .pass { failures.append("round \(round):\n" + Self.explain(report)) }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test func droppingTheHotIndexIsALatencyRegressionOfItsLookup() throws {
        let report = try rehearse("drop_index", "ALTER TABLE pgbench_accounts DROP CONSTRAINT pgbench_accounts_pkey")
        #expect(report.verdict == .fail)
        let lookup = try row(report, statementPrefix: "SELECT abalance FROM pgbench_accounts")
        #expect(lookup.status == .regressed, "\(Self.explain(report))")
        #expect(report.reasons.contains { $0.kind == .latency && $0.fingerprint == lookup.fingerprint })
        #expect(!report.reasons.contains { $0.kind != .latency }, "\(Self.explain(report))")
    }

    @Test func renamingAColumnGivesNew42703OnExactlyItsStatements() throws {
        let report = try rehearse("rename_column", "ALTER TABLE prices RENAME COLUMN amount TO price")
        #expect(report.verdict == .fail)
        let prices = try row(report, statementPrefix: "SELECT amount FROM prices")
        let withNew42703 = report.fingerprints.filter { $0.errors.contains { $0.sqlState == "42703" && $0.new > 0 } }
        #expect(withNew42703.map(\.fingerprint) == [prices.fingerprint])
        #expect(prices.status == .newErrors)
        #expect(prices.errors.first { $0.sqlState == "42703" }?.new == prices.pairedCalls)
        let errorReasons = report.reasons.filter { $0.kind == .errors }
        #expect(errorReasons.map(\.fingerprint) == [prices.fingerprint])
        #expect(errorReasons.first?.figures["sqlstate"] == .text("42703"))
    }

    @Test func changingATypeSoThatResultsChangeFailsOnResults() throws {
        let report = try rehearse("numeric_to_integer", "ALTER TABLE prices ALTER COLUMN amount TYPE integer")
        #expect(report.verdict == .fail)
        let prices = try row(report, statementPrefix: "SELECT amount FROM prices")
        #expect(prices.status == .resultsDiffer, "\(Self.explain(report))")
        #expect(prices.results.differing > 0)
        #expect(report.reasons.contains { $0.kind == .results && $0.fingerprint == prices.fingerprint })
        #expect(!report.resultExamples.isEmpty)
        #expect(report.resultExamples.allSatisfy { $0.statementWithValues == nil }, "values stay hidden by default")

        // --show-values: the literal statement and its parameters, from the workload.
        var examples = report.resultExamples
        try ResultExampleValues.fill(&examples, workloadPath: try Self.shared.value().workload)
        let shown = try #require(examples.first?.statementWithValues)
        #expect(shown.hasPrefix("SELECT amount FROM prices WHERE id = $1"))
        #expect(shown.contains("-- parameters: $1 = '"))
    }

    @Test func aSlowTriggerFailsOnItsInsertAndNothingElse() throws {
        let report = try rehearse("slow_trigger", """
            CREATE FUNCTION slow_history() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_sleep(0.001); RETURN NEW; END $$;
            CREATE TRIGGER slow_history BEFORE INSERT ON pgbench_history FOR EACH ROW EXECUTE FUNCTION slow_history();
            """)
        #expect(report.verdict == .fail)
        let insert = try row(report, statementPrefix: "INSERT INTO pgbench_history")
        #expect(insert.status == .regressed, "\(Self.explain(report))")
        #expect(report.fingerprints.filter { $0.status.fails }.map(\.fingerprint) == [insert.fingerprint],
                "\(Self.explain(report))")
        #expect(report.reasons.allSatisfy { $0.fingerprint == nil || $0.fingerprint == insert.fingerprint })
        // About what the trigger's pg_sleep(0.001) costs a call on this machine, which a virtual machine
        // can stretch to a few ms: measured on the same server right after the replay.
        let shift = try #require(insert.latency?.shiftMs)
        let sleep = try Self.sleepCostMs(on: try Self.shared.value().stage.cluster)
        #expect(shift > 0.8 && shift < max(3, 1.5 * sleep + 0.5),
                "about one pg_sleep(0.001) more per call (\(sleep) ms here), measured \(shift) ms")
    }

    /// The mean time one `pg_sleep(0.001)` takes on the cluster, in ms, over 200 calls in one backend.
    static func sleepCostMs(on cluster: ThrowawayCluster) throws -> Double {
        let output = try cluster.psql("""
            CREATE FUNCTION pg_temp.sleep_cost(calls int) RETURNS float8 LANGUAGE plpgsql AS $$
            DECLARE started timestamptz := clock_timestamp();
            BEGIN
                FOR i IN 1..calls LOOP PERFORM pg_sleep(0.001); END LOOP;
                RETURN extract(epoch FROM clock_timestamp() - started) * 1000 / calls;
            END $$;
            SELECT pg_temp.sleep_cost(200);
            """)
        return try #require(Double(output.split(separator: "\n").last.map(String.init) ?? ""), "psql said \(output)")
    }

    @Test(arguments: [
        ("nullable_column", "ALTER TABLE prices ADD COLUMN note text"),
        ("new_index", "CREATE INDEX history_aid ON pgbench_history (aid)"),
    ])
    func safeMigrationsPass(name: String, sql: String) throws {
        let report = try rehearse(name, sql)
        #expect(report.verdict == .pass, "\(Self.explain(report))")
    }
}
