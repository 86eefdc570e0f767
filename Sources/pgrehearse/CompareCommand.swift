import Analysis
import ArgumentParser
import Foundation
import Report

/// `pgrehearse compare`: a baseline run and a candidate run (and a control run) → a verdict, reports.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a candidate run with a baseline run and decide whether the migration may be applied.",
        discussion: """
            Pairs the requests of the two runs (same session and sequence) and compares, per statement \
            fingerprint: errors (new, fixed, changed; transient ones as rates), results (command tags, row \
            counts, checksums) and service times (paired log ratios: signed-rank test, Hodges-Lehmann \
            shift with its interval, Benjamini-Hochberg across statements). A control run, replayed against \
            a second identical baseline copy, measures noise and nondeterministic statements. Thresholds \
            come from --gate (YAML; see docs/compare.md) or sensible defaults.

            Exit status: 0 the gate passed, 1 the gate failed, 2 could not decide (unreadable or \
            incompatible runs, too few requests in common, a bad gate file, a report that cannot be \
            written), 64 invalid command line.
            """)

    @Argument(help: "Run file of the replay against the baseline copy.")
    var baseline: String

    @Argument(help: "Run file of the replay against the candidate copy (migration applied).")
    var candidate: String

    @Option(help: "Run file of a second replay against an identical baseline copy (measures noise).")
    var control: String?

    @Option(help: "Gate file (YAML): thresholds, overrides, allowlists, critical statements.")
    var gate: String?

    @Option(help: "Write the HTML report here (one self-contained file).")
    var html: String?

    @Option(help: "Write the verdict and the per-statement table as JSON here.")
    var json: String?

    @Option(help: "Write a Markdown summary here (for a CI job page).")
    var markdown: String?

    @Flag(help: "Show literal values of result-difference examples (read from the workload file; production data).")
    var showValues = false

    @Option(help: "The workload file, for --show-values (default: the path recorded in the baseline run).")
    var workload: String?

    func run() throws {
        do {
            var policy = GatePolicy()
            if let gate {
                let text: String
                do {
                    text = try String(contentsOfFile: gate, encoding: .utf8)
                } catch {
                    throw ComparisonError.invalidGate(path: gate, reason: "cannot read it (\(error.localizedDescription))")
                }
                policy = try GatePolicy(yaml: text, source: gate)
            }
            var report = try Comparator.compare(.init(baseline: baseline, candidate: candidate, control: control, policy: policy))
            if showValues {
                try ResultExampleValues.fill(&report.resultExamples, workloadPath: workload ?? report.runs.baseline.workloadPath)
            }
            if let json { try ReportFile.write(JSONVerdict.render(report), to: json) }
            if let markdown { try ReportFile.write(MarkdownSummary.render(report), to: markdown) }
            if let html {
                try ReportFile.write(HTMLReport.render(report, options: .init(title: "pgrehearse: \(candidate) vs \(baseline)")), to: html)
            }
            print(TerminalSummary.render(report))
            for (kind, path) in [("report", html), ("json", json), ("markdown", markdown)] {
                if let path { print("\(kind): \(path)") }
            }
            if report.verdict == .fail { throw ExitCode(1) }
        } catch let error as ExitCode {
            throw error
        } catch {
            StandardError.line("pgrehearse: \(error)")
            throw ExitCode(2)
        }
    }
}
