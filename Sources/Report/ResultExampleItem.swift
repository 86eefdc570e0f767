import Analysis

/// One request whose result differs, laid out side by side: a line per field (command tags, rows,
/// checksum, error), baseline against candidate, the differing ones marked.
struct ResultExampleItem {
    struct Field {
        var field: String
        var baselineValue: String
        var candidateValue: String
        var differs: Bool
    }

    var exampleStatement: String
    var exampleFingerprint: String
    var exampleLink: String?
    var request: String
    var differences: String
    var withValues: String?
    var fields: [Field]

    /// Statements with values longer than this are cut.
    static let maximumValuesLength = 2000

    init(_ example: ResultDifferenceExample, statement: String?, maximumStatementLength: Int, anchors: Set<String>) {
        if let statement, !statement.isEmpty {
            exampleStatement = StatementText.truncated(statement, to: maximumStatementLength)
        } else {
            exampleStatement = "(statement text not recorded)"
        }
        exampleFingerprint = example.fingerprint.description
        exampleLink = anchors.contains("fp-\(example.fingerprint)") ? "#fp-\(example.fingerprint)" : nil
        request = "session \(example.session), request \(example.sequence)"
        differences = example.differences.map { $0.replacingUnderscores() }.joined(separator: ", ")
        withValues = example.statementWithValues.map { StatementText.cut($0, to: Self.maximumValuesLength) }
        let differing = Set(example.differences)
        let baseline = example.baseline, candidate = example.candidate
        fields = [
            Field(field: "command tags", baselineValue: Self.tags(baseline), candidateValue: Self.tags(candidate),
                  differs: differing.contains("command_tag") || Self.tags(baseline) != Self.tags(candidate)),
            Field(field: "rows", baselineValue: ReportFormat.count(baseline.rows), candidateValue: ReportFormat.count(candidate.rows),
                  differs: differing.contains("rows") || baseline.rows != candidate.rows),
            Field(field: "checksum", baselineValue: baseline.checksum, candidateValue: candidate.checksum,
                  differs: differing.contains("checksum") || baseline.checksum != candidate.checksum),
            Field(field: "error", baselineValue: Self.error(baseline), candidateValue: Self.error(candidate),
                  differs: Self.error(baseline) != Self.error(candidate)),
        ]
    }

    private static func tags(_ shape: ResultShape) -> String {
        shape.commandTags.isEmpty ? "–" : shape.commandTags.joined(separator: "; ")
    }

    private static func error(_ shape: ResultShape) -> String {
        switch (shape.sqlState, shape.errorMessage) {
        case (nil, nil): return "–"
        case (let state?, nil): return state
        case (nil, let message?): return StatementText.cut(message, to: ErrorChangeItem.maximumMessageLength)
        case (let state?, let message?): return state + ": " + StatementText.cut(message, to: ErrorChangeItem.maximumMessageLength)
        }
    }
}

private extension String {
    func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }
}
