import Foundation
import LiveTestSupport
import LocalPostgres
import TestSupport
import Testing
import Workload
@testable import Replay

/// Replays whose target fights back: lock contention, a restart, Ctrl-C, many sessions.
@Suite(.serialized, .enabled(if: LiveCaptureProbe.isAvailable, "live capture on lo needs root or CAP_NET_RAW"))
struct ContendedReplayTests {
    /// pgreplay hangs on exactly this (a global send order against lock order); per-session order cannot.
    @Test func contendedTPCBCompletesAtMaximumSpeed() throws {
        let tpcb = try ContendedTPCBWorkload.recorded()
        try tpcb.createCopy(named: "tpcb_max")
        let directory = try TemporaryDirectory()
        let target = tpcb.cluster.connectionString(database: "tpcb_max")
        var options = ReplayOptions(workloadPath: tpcb.workloadPath, target: target, output: directory.path("max.pgr"))
        options.speed = .max
        options.allowWritesToCapturedServer = true
        let replayer = try Replayer(options: options)
        let summary = try ReplayHarness.withDeadline(120) { try replayer.run() }
        #expect(summary.requests == tpcb.requests.count)
        #expect(summary.skipped.isEmpty)
        // Deadlocks or serialization failures the replay causes would be outcomes; TPC-B's fixed update order has none.
        #expect(summary.errors == 0, "\(summary.errorSqlstates)")
        #expect(summary.outcomeMismatches == 0, "\(summary.mismatchedFingerprints)")
        #expect(summary.sessions == ContendedTPCBWorkload.clients + 1)
    }

    /// The target restarts mid-replay: the requests in flight record the error, the sessions reconnect,
    /// the run goes on to the end and counts what was lost.
    @Test func survivesATargetRestart() throws {
        let tpcb = try ContendedTPCBWorkload.recorded()
        let cluster = try ThrowawayCluster.start()
        defer { cluster.stop() }
        try cluster.createPgbenchDatabase("bench")
        let directory = try TemporaryDirectory()
        var options = ReplayOptions(workloadPath: tpcb.workloadPath, target: cluster.connectionString(database: "bench"),
                                    output: directory.path("restart.pgr"))
        options.speed = .factor(1)
        options.reconnectTimeoutSeconds = 20
        let replayer = try Replayer(options: options)
        let restarter = Thread {
            Thread.sleep(forTimeInterval: 1.2)
            try? cluster.restart()
        }
        restarter.start()
        let summary = try ReplayHarness.withDeadline(90) { try replayer.run() }
        #expect(summary.connectionsLost >= 1)
        #expect(summary.connectionLost + summary.errors > 0)
        #expect(!summary.interrupted)
        let run = try ReplayHarness.readRun(directory.path("restart.pgr"))
        #expect(run.trailer != nil)
        #expect(run.outcomes.count == tpcb.requests.count)
        // Sessions went on after the restart: requests executed successfully after the first lost one.
        let losses = run.outcomes.filter { $0.status == .connectionLost || $0.sqlState?.hasPrefix("57P") == true }
        let firstLoss = try #require(losses.map(\.scheduledAt).min())
        #expect(run.outcomes.contains { $0.status == .executed && $0.error == nil && $0.scheduledAt > firstLoss })
        #expect(summary.requests + summary.connectionLost == tpcb.requests.count)
    }

    /// Ctrl-C: scheduling stops, requests in flight finish, and the run file is valid and says so.
    @Test func stopsCleanlyWhenInterrupted() throws {
        let tpcb = try ContendedTPCBWorkload.recorded()
        try tpcb.createCopy(named: "tpcb_interrupted")
        let directory = try TemporaryDirectory()
        var options = ReplayOptions(workloadPath: tpcb.workloadPath,
                                    target: tpcb.cluster.connectionString(database: "tpcb_interrupted"),
                                    output: directory.path("interrupted.pgr"))
        options.speed = .factor(1)
        options.allowWritesToCapturedServer = true
        let replayer = try Replayer(options: options)
        let summary = try ReplayHarness.runStopped(replayer, after: 1, deadline: 30)
        #expect(summary.interrupted)
        #expect(summary.requests > 0)
        #expect(summary.requests < tpcb.requests.count)
        let run = try ReplayHarness.readRun(directory.path("interrupted.pgr"))
        #expect(run.trailer?.interrupted == true)
        #expect(run.outcomes.count == summary.requests + summary.cancelled)
        // Sessions stopped at a request boundary: nothing was left half done in the database.
        let active = try tpcb.cluster.psql(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = 'tpcb_interrupted' AND state <> 'idle'")
        #expect(active.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }
}
