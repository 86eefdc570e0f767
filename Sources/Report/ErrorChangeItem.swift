import Analysis

/// One statement's change in one SQLSTATE, with an example message: what a reviewer reads to understand
/// an errors reason ("column x does not exist" says more than 42703).
struct ErrorChangeItem {
    var errorStatement: String
    var errorFingerprint: String
    var errorLink: String?
    var sqlState: String
    var conditionName: String
    var new: String
    var fixed: String
    var changed: String
    var counts: String
    var kind: String
    var effect: String
    var effectClass: String
    var message: String

    /// Example messages longer than this are cut.
    static let maximumMessageLength = 600

    /// Every error change of `fingerprints`, those that fail the gate first, then by new errors.
    static func all(in fingerprints: [FingerprintComparison]) -> [(row: FingerprintComparison, change: ErrorChange)] {
        fingerprints.flatMap { row in row.errors.map { (row: row, change: $0) } }
            .enumerated()
            .sorted { left, right in
                let l = left.element.change, r = right.element.change
                if l.fails != r.fails { return l.fails }
                if l.new != r.new { return l.new > r.new }
                return left.offset < right.offset
            }
            .map(\.element)
    }

    init(row: FingerprintComparison, change: ErrorChange, maximumStatementLength: Int, anchors: Set<String>) {
        errorStatement = row.statement.isEmpty ? "(statement text not recorded)"
            : StatementText.truncated(row.statement, to: maximumStatementLength)
        errorFingerprint = row.fingerprint.description
        errorLink = anchors.contains("fp-\(row.fingerprint)") ? "#fp-\(row.fingerprint)" : nil
        sqlState = change.sqlState
        conditionName = change.conditionName
        new = ReportFormat.count(change.new)
        fixed = ReportFormat.count(change.fixed)
        changed = ReportFormat.count(change.changed)
        var counts = "\(ReportFormat.count(change.baselineCount)) → \(ReportFormat.count(change.candidateCount))"
        if let control = change.controlCount { counts += " (control \(ReportFormat.count(control)))" }
        self.counts = counts
        if change.transient {
            kind = "transient, compared as a rate" + (change.ratePValue.map { " (p \(ReportFormat.pValue($0)))" } ?? "")
        } else {
            kind = "request by request"
        }
        if change.fails {
            effect = "fails the gate"
            effectClass = "worse"
        } else if change.allowed {
            effect = "allowed"
            effectClass = "warn"
        } else {
            effect = "reported"
            effectClass = ""
        }
        message = StatementText.cut(change.exampleMessage, to: Self.maximumMessageLength)
    }
}
