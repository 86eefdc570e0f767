import Analysis

/// What the control run (an identical copy of the baseline) showed about noise, in the page's words.
struct NoiseSection {
    struct StatementReference {
        var referenceStatement: String
        var referenceFingerprint: String
        var referenceLink: String?
    }

    var noiseFacts: [HTMLPage.Fact]
    var largestStatement: StatementReference?
    var nondeterministic: [StatementReference]
    var nondeterministicMore: String?

    /// Nondeterministic statements listed at most.
    static let maximumListed = 20

    init(_ noise: NoiseSummary, statements: [Fingerprint: String], maximumStatementLength: Int, anchors: Set<String>) {
        func reference(_ fingerprint: Fingerprint) -> StatementReference {
            let text = statements[fingerprint].map { StatementText.truncated($0, to: maximumStatementLength) } ?? ""
            return StatementReference(referenceStatement: text.isEmpty ? "(statement text not recorded)" : text,
                                      referenceFingerprint: fingerprint.description,
                                      referenceLink: anchors.contains("fp-\(fingerprint)") ? "#fp-\(fingerprint)" : nil)
        }
        let errors = noise.errorDifferences.sorted { $0.key < $1.key }
            .map { "\($0.key): \(ReportFormat.count($0.value))" }
        noiseFacts = [
            HTMLPage.Fact(label: "Weighted change in total time, baseline → control",
                          value: ReportFormat.percent(noise.weightedChange, signed: true)),
            HTMLPage.Fact(label: "Largest change of one statement", value: ReportFormat.percent(noise.largestRatioChange)),
            HTMLPage.Fact(label: "Statements whose results differ between the copies",
                          value: ReportFormat.count(noise.nondeterministicFingerprints.count)),
            HTMLPage.Fact(label: "Requests failing in only one of the copies, by SQLSTATE",
                          value: errors.isEmpty ? "none" : errors.joined(separator: ", ")),
        ]
        largestStatement = noise.largestRatioFingerprint.map(reference)
        nondeterministic = noise.nondeterministicFingerprints.prefix(Self.maximumListed).map(reference)
        let more = noise.nondeterministicFingerprints.count - nondeterministic.count
        nondeterministicMore = more > 0 ? "and \(ReportFormat.count(more)) more" : nil
    }
}
