import Analysis

/// One reason of the verdict as the HTML page shows it: its kind, its sentence, the statement it is about
/// (cut, with its fingerprint and a link to the table row when the row is shown) and the deciding figures.
struct ReasonItem {
    struct FigureItem {
        var name: String
        var value: String
    }

    var kind: String
    var summary: String
    var statement: String?
    var reasonFingerprint: String?
    var rowLink: String?
    var scope: String?
    var figures: [FigureItem]

    init(_ reason: GateReason, maximumStatementLength: Int, anchors: Set<String>) {
        kind = reason.kind.rawValue
        summary = reason.summary
        statement = reason.statement.isEmpty ? nil : StatementText.truncated(reason.statement, to: maximumStatementLength)
        reasonFingerprint = reason.fingerprint?.description
        let anchor = reason.fingerprint.map { "fp-\($0)" }
        rowLink = anchor.flatMap { anchors.contains($0) ? "#" + $0 : nil }
        scope = reason.fingerprint == nil && reason.statement.isEmpty ? "whole workload" : nil
        figures = reason.figures.keys.sorted().compactMap { key in
            reason.figures[key].map { FigureItem(name: key, value: ReportFormat.figure($0)) }
        }
    }
}
