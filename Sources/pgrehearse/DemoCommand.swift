import ArgumentParser
import Foundation
import Rehearsal
import Replay
import Report

/// `pgrehearse demo`: the whole rehearsal on a throwaway local PostgreSQL with the shipped capture and
/// example migrations; reports under `reports/`.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Rehearse the shipped example migrations against the shipped capture on a throwaway PostgreSQL.",
        discussion: """
            Starts a throwaway PostgreSQL 15 cluster (as the postgres user when run as root), creates a \
            pgbench database, imports the capture, replays it into a baseline copy and a control copy, then \
            for each migration into a copy with the migration applied, compares, and writes report.html, \
            verdict.json and summary.md per migration under the output folder. Run it from the repository's \
            top folder (or point the options at the files).

            Exit status: 0 every migration got the verdict its file expects (-- expect: pass|fail), 1 a \
            verdict differs from the expected one or a step failed, 64 invalid command line.
            """)

    @Option(help: "The pgbench capture to replay (pcap or pcapng).")
    var capture = "captures/pgbench_extended.pcap"

    @Option(help: "The server port the capture was made on.")
    var port: UInt16 = 56432

    @Option(help: "The pgbench scale of the database the capture ran against.")
    var scale = 1

    @Option(help: "Migration SQL files to rehearse (repeatable).")
    var migration: [String] = ["scenarios/demo/drop-accounts-index.sql", "scenarios/demo/add-nullable-column.sql"]

    @Option(name: .shortAndLong, help: "Folder for the workload, run files and reports.")
    var output = "reports/demo"

    @Option(help: "Replay speed: 1 = captured pacing, N = N times faster, max = no waiting.")
    var speed: ReplaySpeed = .factor(1)

    func run() throws {
        for file in [capture] + migration where !FileManager.default.fileExists(atPath: file) {
            StandardError.line("pgrehearse: \(file) not found; run the demo from the repository's top folder or give --capture/--migration")
            throw ExitCode(1)
        }
        let demo = DemoRehearsal(
            configuration: .init(capture: capture, capturePort: port, migrations: migration, directory: output,
                                 speed: speed, scale: scale, toolVersion: ToolVersion.current),
            log: { StandardError.line("demo: \($0)") })
        let results: [DemoRehearsal.Result]
        do {
            results = try demo.run()
        } catch {
            StandardError.line("pgrehearse: \(error)")
            throw ExitCode(1)
        }
        print("")
        for result in results {
            let verdict = result.verdict.rawValue.uppercased()
            print("\(result.migration.name): \(verdict)\(result.unexpected ? " (expected \(result.migration.expectedVerdict ?? "?"))" : "")")
            if !result.migration.description.isEmpty { print("  \(result.migration.description)") }
            for reason in result.reasons.prefix(5) {
                let statement = reason.statement.isEmpty ? "whole workload" : TerminalSummary.oneLine(reason.statement, limit: 70)
                print("  - \(reason.kind.rawValue) [\(statement)]: \(reason.summary)")
            }
            if result.reasons.count > 5 { print("  - … and \(result.reasons.count - 5) more") }
            print("  report: \(result.report)")
        }
        if results.contains(where: \.unexpected) { throw ExitCode(1) }
    }
}
