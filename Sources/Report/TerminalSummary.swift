import Analysis

/// What `compare` prints: the verdict, one line per reason with its statement, and what was compared.
/// Plain text for a terminal or a CI log.
public enum TerminalSummary {
    public static func render(_ report: ComparisonReport, maximumStatementLength: Int = 100) -> String {
        var lines: [String] = []
        let verdict = report.verdict == .pass ? "PASS" : "FAIL"
        let count = report.reasons.count
        lines.append(count == 0 ? "\(verdict): no regression found"
                                : "\(verdict): \(count) reason\(count == 1 ? "" : "s")")
        for reason in report.reasons {
            let fingerprint = reason.fingerprint?.description ?? "workload"
            lines.append("  \(reason.kind.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(fingerprint)  \(reason.summary)")
            if !reason.statement.isEmpty {
                lines.append("           " + String(repeating: " ", count: 18) + oneLine(reason.statement, limit: maximumStatementLength))
            }
        }
        let workload = report.workload
        var compared = "compared \(workload.pairedRequests) requests of \(workload.fingerprints) statements"
        if workload.unpairedRequests > 0 { compared += " (\(workload.unpairedRequests) not paired)" }
        compared += "; total time \(Format.percent(workload.weightedChange)) (weighted)"
        if let noise = report.noise { compared += ", control \(Format.percent(noise.weightedChange))" }
        lines.append(compared)
        for note in report.notes { lines.append("note: \(note)") }
        return lines.joined(separator: "\n")
    }

    /// `text` on one line (whitespace runs collapsed), cut to `limit` characters with an ellipsis.
    public static func oneLine(_ text: String, limit: Int) -> String {
        StatementText.truncated(text, to: limit)
    }
}
