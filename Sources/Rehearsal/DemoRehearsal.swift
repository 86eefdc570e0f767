import Analysis
import Foundation
import LocalPostgres
import Replay

/// `pgrehearse demo`: the whole product on a throwaway local PostgreSQL, with nothing but this
/// repository. A pgbench database; baseline, control and candidate copies of it; the shipped capture
/// replayed into each; one comparison per shipped example migration; reports under `reports/`.
public struct DemoRehearsal {
    public struct Configuration: Sendable {
        /// The pgbench capture to replay and the server port it was captured on.
        public var capture: String
        public var capturePort: UInt16
        /// Migration files to rehearse.
        public var migrations: [String]
        /// Where the workload, run files and reports go.
        public var directory: String
        public var speed: ReplaySpeed
        /// pgbench scale of the database the capture ran against.
        public var scale: Int
        /// The database name the capture used (the template copies are made from).
        public var database: String
        public var toolVersion: String

        public init(capture: String, capturePort: UInt16, migrations: [String], directory: String,
                    speed: ReplaySpeed = .factor(1), scale: Int = 1, database: String = "bench", toolVersion: String) {
            self.capture = capture
            self.capturePort = capturePort
            self.migrations = migrations
            self.directory = directory
            self.speed = speed
            self.scale = scale
            self.database = database
            self.toolVersion = toolVersion
        }
    }

    /// One migration's outcome.
    public struct Result: Sendable {
        public var migration: Migration
        public var verdict: Verdict
        public var reasons: [GateReason]
        public var report: String
        public var applySeconds: Double
        /// The verdict the migration file declared, when it differs from the one reached.
        public var unexpected: Bool { migration.expectedVerdict.map { $0 != verdict.rawValue } ?? false }
    }

    public let configuration: Configuration
    /// Called with one line per step, for a progress log.
    public var log: @Sendable (String) -> Void

    public init(configuration: Configuration, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.configuration = configuration
        self.log = log
    }

    public func run() throws(RehearsalError) -> [Result] {
        let migrations = try configuration.migrations.map { path throws(RehearsalError) in try Migration.load(path: path) }
        log("starting a throwaway PostgreSQL 15 cluster")
        let cluster = try RehearsalError.stage("starting PostgreSQL") { try ThrowawayCluster.start() }
        defer { cluster.stop() }
        let db = configuration.database
        log("creating the pgbench database \(db) (scale \(configuration.scale))")
        try RehearsalError.stage("pgbench -i") { try cluster.createPgbenchDatabase(db, scale: configuration.scale) }
        let stage = RehearsalStage(cluster: cluster, template: db, directory: configuration.directory,
                                   speed: configuration.speed, toolVersion: configuration.toolVersion)
        log("importing \(configuration.capture)")
        let workload = try stage.importCapture([configuration.capture], port: configuration.capturePort)

        var runs: [String: String] = [:]
        for copy in ["baseline", "control"] {
            try stage.makeCopy(named: "\(db)_\(copy)")
            log("replaying into the \(copy) copy")
            runs[copy] = try stage.replay(workload, into: "\(db)_\(copy)", run: "\(copy).run").path
            try stage.dropCopy(named: "\(db)_\(copy)")
        }
        var results: [Result] = []
        for migration in migrations {
            let copy = "\(db)_\(migration.name.replacingOccurrences(of: "-", with: "_"))"
            log("applying migration \(migration.name) to a copy and replaying into it")
            let rehearsal = try stage.rehearseCandidate(
                workload, copy: copy, migration: migration, baseline: runs["baseline"] ?? "", control: runs["control"],
                run: migration.name, reportFolder: migration.name, title: "pgrehearse: \(migration.name)")
            let seconds = rehearsal.applySeconds ?? 0
            log("migration \(migration.name) applied in \(String(format: "%.3f", seconds)) s"
                + (rehearsal.replayedAgain ? "; replayed twice (every statement slower alike in the first replay)" : ""))
            results.append(Result(migration: migration, verdict: rehearsal.report.verdict, reasons: rehearsal.report.reasons,
                                  report: rehearsal.html, applySeconds: seconds))
        }
        return results
    }
}
