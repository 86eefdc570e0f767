import Analysis
import Capture
import Foundation
import LocalPostgres
import Replay
import Report
import Workload

/// The reusable steps of a rehearsal on a local cluster: import a capture, copy the database, apply a
/// migration (timed), replay the workload into a copy, compare two runs and write the reports. The demo
/// composes them; a scenario runner can too.
public struct RehearsalStage: Sendable {
    public let cluster: ThrowawayCluster
    /// The database every copy is made from (it must have no open connections).
    public let template: String
    /// Where workload, run files and reports go.
    public let directory: String
    public var speed: ReplaySpeed
    public var toolVersion: String

    public init(cluster: ThrowawayCluster, template: String, directory: String, speed: ReplaySpeed = .factor(1),
                toolVersion: String) {
        self.cluster = cluster
        self.template = template
        self.directory = directory
        self.speed = speed
        self.toolVersion = toolVersion
    }

    /// Imports pcap files captured with the server on `port` into `name` in the directory.
    public func importCapture(_ paths: [String], port: UInt16, name: String = "workload.pgw") throws(RehearsalError) -> String {
        let output = path(name)
        try RehearsalError.stage("import of \(paths.joined(separator: ", "))") {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var source = try MergedPacketSource(paths: paths)
            let options = WorkloadRecorder.Options(serverPorts: [port], sources: paths, toolVersion: toolVersion)
            let recorder = try WorkloadRecorder(outputPath: output, options: options)
            try recorder.record(&source)
            _ = try recorder.finish(truncation: source.truncations.map { "\($0.path): \($0.message)" })
        }
        return output
    }

    /// A fresh copy of the template named `name`, with `migration` applied when given; returns the
    /// seconds the migration took.
    @discardableResult
    public func makeCopy(named name: String, migration: Migration? = nil) throws(RehearsalError) -> Double? {
        try dropCopy(named: name)
        try RehearsalError.stage("copying \(template) to \(name)") {
            try cluster.createCopy(of: template, named: name)
        }
        guard let migration else { return nil }
        let started = Date()
        do {
            _ = try cluster.psql(migration.sql, database: name)
        } catch {
            throw .migrationFailed(name: migration.name, reason: "\(error)")
        }
        return Date().timeIntervalSince(started)
    }

    /// Replays `workload` into database `database` of the cluster, writing `run` in the directory.
    public func replay(_ workload: String, into database: String, run: String) throws(RehearsalError) -> (path: String, summary: ReplaySummary) {
        let output = path(run)
        var options = ReplayOptions(workloadPath: workload, target: cluster.connectionString(database: database), output: output)
        options.speed = speed
        options.toolVersion = toolVersion
        // The cluster is this rehearsal's own throwaway copy, never the captured server.
        options.allowWritesToCapturedServer = true
        let summary = try RehearsalError.stage("replay into \(database)") {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            // Every replay starts from a clean state: no dirty buffers left by the previous one (a
            // migration that makes every statement scan writes a lot), so no checkpoint slows this one
            // down and shows up as a regression of every statement.
            _ = try cluster.psql("CHECKPOINT")
            return try Replayer(options: options).run()
        }
        return (output, summary)
    }

    /// Compares a candidate run with the baseline (and control) and writes report.html, verdict.json
    /// and summary.md into `reportFolder` (relative to the directory).
    public func compare(baseline: String, candidate: String, control: String?, policy: GatePolicy = GatePolicy(),
                        reportFolder: String, title: String, notes: [String] = []) throws(RehearsalError)
        -> (report: ComparisonReport, html: String) {
        let folder = path(reportFolder)
        let html = folder + "/report.html"
        let report = try RehearsalError.stage("comparison of \(candidate) with \(baseline)") {
            var report = try Comparator.compare(.init(baseline: baseline, candidate: candidate, control: control, policy: policy))
            report.notes.append(contentsOf: notes)
            try ReportFile.write(HTMLReport.render(report, options: .init(title: title)), to: html)
            try ReportFile.write(JSONVerdict.render(report), to: folder + "/verdict.json")
            try ReportFile.write(MarkdownSummary.render(report), to: folder + "/summary.md")
            return report
        }
        return (report, html)
    }

    /// A candidate rehearsed against the baseline and control runs: what `rehearseCandidate` found.
    public struct CandidateRehearsal: Sendable {
        public let report: ComparisonReport
        /// The HTML report.
        public let html: String
        /// The candidate's run file (the second one when it was replayed again).
        public let run: String
        /// Seconds the migration took, nil without one.
        public let applySeconds: Double?
        /// The candidate was replayed a second time (see `rehearseCandidate`).
        public let replayedAgain: Bool
    }

    /// Makes a copy named `copy` with `migration` applied (none: an identical copy), replays `workload`
    /// into it, drops it, and compares the run with the baseline and control runs.
    ///
    /// When the gate fails while every statement got slower by a similar factor, a fresh baseline and then
    /// the candidate are replayed once more, one right after the other, and that comparison stands, with a
    /// note. That pattern is what a slower machine during the candidate's replay looks like (a neighbour,
    /// a throttled processor), and it may last a while: replayed side by side in time, both runs see it. A
    /// migration that really slows every statement does so again, and still fails.
    public func rehearseCandidate(_ workload: String, copy: String, migration: Migration?, baseline: String, control: String?,
                                  run: String, policy: GatePolicy = GatePolicy(), reportFolder: String,
                                  title: String) throws(RehearsalError) -> CandidateRehearsal {
        let seconds = try makeCopy(named: copy, migration: migration)
        let first = try replay(workload, into: copy, run: run + ".run").path
        try dropCopy(named: copy)
        let (report, html) = try compare(baseline: baseline, candidate: first, control: control, policy: policy,
                                         reportFolder: reportFolder, title: title)
        guard report.verdict == .fail, report.everyStatementSlowedAlike else {
            return CandidateRehearsal(report: report, html: html, run: first, applySeconds: seconds, replayedAgain: false)
        }
        // Once more, with a fresh baseline replayed right before it: a machine that stays slower for a while
        // slows both alike, a migration only the candidate.
        try makeCopy(named: copy)
        let freshBaseline = try replay(workload, into: copy, run: run + "-baseline-again.run").path
        try makeCopy(named: copy, migration: migration)
        let second = try replay(workload, into: copy, run: run + "-again.run").path
        try dropCopy(named: copy)
        let note = "The candidate was replayed a second time, right after a fresh baseline: in its first replay every "
            + "statement got slower by a similar factor and the gate failed (\((first as NSString).lastPathComponent)). "
            + "This report compares the second replays."
        let (again, againHTML) = try compare(baseline: freshBaseline, candidate: second, control: control, policy: policy,
                                             reportFolder: reportFolder, title: title, notes: [note])
        return CandidateRehearsal(report: again, html: againHTML, run: second, applySeconds: seconds, replayedAgain: true)
    }

    /// Drops a copy that is no longer needed (its autovacuum must not run during later replays).
    public func dropCopy(named name: String) throws(RehearsalError) {
        try RehearsalError.stage("dropping \(name)") {
            _ = try cluster.psql("DROP DATABASE IF EXISTS \(ThrowawayCluster.quoteIdentifier(name))")
        }
    }

    /// `name` inside the directory.
    public func path(_ name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }
}
