import Analysis

/// The verdict for a CI job page (GitHub's step summary, a merge request comment): the headline, one
/// sentence per reason, a compact table of the statements that matter, the workload's change and the
/// notes. Short on purpose; the HTML report has the evidence.
public enum MarkdownSummary {
    /// The summary in GitHub-flavoured Markdown. `maximumFingerprints` caps the table (failing statements
    /// first, then the largest by share of time); `maximumStatementLength` cuts long SQL.
    public static func render(_ report: ComparisonReport, maximumFingerprints: Int = 15,
                              maximumStatementLength: Int = 120) -> String {
        var lines: [String] = []
        let reasonCount = report.reasons.count
        switch report.verdict {
        case .fail:
            lines.append("## ❌ FAIL: pgrehearse compare")
            lines.append("")
            lines.append(reasonCount == 1 ? "1 reason to fail the gate:" : "\(reasonCount) reasons to fail the gate:")
        case .pass:
            lines.append("## ✅ PASS: pgrehearse compare")
            lines.append("")
            lines.append(reasonCount == 0
                ? "The gate found no reason to fail: no new errors, no result differences, no latency regression beyond the thresholds."
                : "The gate passed, with these findings:")
        }
        if reasonCount > 0 {
            lines.append("")
            for reason in report.reasons {
                lines.append("- " + reasonLine(reason, maximumStatementLength: maximumStatementLength))
            }
        }

        lines.append("")
        lines.append(workloadLine(report.workload))
        lines.append("")
        lines.append(noiseLine(report.noise))

        let ordered = FingerprintOrder.failingFirst(report.fingerprints)
        let shown = Array(ordered.prefix(max(0, maximumFingerprints)))
        if !shown.isEmpty {
            lines.append("")
            lines.append("| Status | Statement | Calls | p50 ms | p99 ms | Ratio (interval) |")
            lines.append("|---|---|--:|--:|--:|--:|")
            for row in shown {
                lines.append(tableRow(row, maximumStatementLength: maximumStatementLength))
            }
            let hidden = ordered.dropFirst(shown.count)
            if !hidden.isEmpty {
                let share = hidden.reduce(0.0) { $0 + $1.shareOfTime }
                lines.append("")
                lines.append("_\(ReportFormat.count(hidden.count)) more statements (\(ReportFormat.percent(share)) of the baseline's time) are in the HTML report._")
            }
        }

        if !report.notes.isEmpty {
            lines.append("")
            lines.append("**Notes**")
            lines.append("")
            for note in report.notes { lines.append("- " + MarkdownText.escape(note)) }
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// "**errors**: summary. `statement` (`fingerprint`)".
    static func reasonLine(_ reason: GateReason, maximumStatementLength: Int) -> String {
        var line = "**\(reason.kind.rawValue)**: " + MarkdownText.escape(reason.summary)
        if !reason.statement.isEmpty {
            line += " " + MarkdownText.code(StatementText.truncated(reason.statement, to: maximumStatementLength), inTable: false)
        }
        if let fingerprint = reason.fingerprint {
            line += " (`\(fingerprint)`)"
        } else if reason.statement.isEmpty {
            line += " (whole workload)"
        }
        return line
    }

    static func workloadLine(_ workload: WorkloadComparison) -> String {
        var line = "**Workload:** \(ReportFormat.count(workload.pairedRequests)) paired requests over \(ReportFormat.count(workload.fingerprints)) statements"
        if workload.unpairedRequests > 0 { line += " (\(ReportFormat.count(workload.unpairedRequests)) unpaired)" }
        line += "; weighted change in total time \(ReportFormat.percent(workload.weightedChange, signed: true))"
        line += " (interval \(ReportFormat.percentInterval(workload.weightedChangeInterval)))"
        line += "; p50 \(ReportFormat.milliseconds(workload.baseline.p50Ms)) → \(ReportFormat.milliseconds(workload.candidate.p50Ms)) ms"
        line += ", p99 \(ReportFormat.milliseconds(workload.baseline.p99Ms)) → \(ReportFormat.milliseconds(workload.candidate.p99Ms)) ms."
        return line
    }

    static func noiseLine(_ noise: NoiseSummary?) -> String {
        guard let noise else {
            return "**Control:** none. Without a second copy of the baseline the gate cannot measure the noise between identical databases; latency was judged against the thresholds alone (`--control RUN` adds one)."
        }
        var line = "**Control:** between identical copies the weighted change was \(ReportFormat.percent(noise.weightedChange, signed: true))"
        line += " and the largest change of a single statement \(ReportFormat.percent(noise.largestRatioChange))"
        if !noise.nondeterministicFingerprints.isEmpty {
            let count = noise.nondeterministicFingerprints.count
            line += "; \(ReportFormat.count(count)) nondeterministic \(count == 1 ? "statement" : "statements") left out of the result check"
        }
        return line + "."
    }

    static func tableRow(_ row: FingerprintComparison, maximumStatementLength: Int) -> String {
        let statement = row.statement.isEmpty ? "`\(row.fingerprint)`"
            : MarkdownText.code(StatementText.truncated(row.statement, to: maximumStatementLength), inTable: true)
        let ratio = row.latency.map { "\(ReportFormat.ratio($0.ratio)) (\(ReportFormat.ratioInterval($0.ratioInterval)))" } ?? "–"
        let cells = [
            "\(row.status.markdownIcon) \(row.status.label)",
            statement,
            ReportFormat.count(row.pairedCalls),
            "\(ReportFormat.milliseconds(row.baseline.p50Ms)) → \(ReportFormat.milliseconds(row.candidate.p50Ms))",
            "\(ReportFormat.milliseconds(row.baseline.p99Ms)) → \(ReportFormat.milliseconds(row.candidate.p99Ms))",
            ratio,
        ]
        return "| " + cells.joined(separator: " | ") + " |"
    }
}
