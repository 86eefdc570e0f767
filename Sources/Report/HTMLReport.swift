import Analysis
import Mustache

/// The comparison for people: one self-contained HTML file (inline CSS, inline SVG charts, a small inline
/// script for sorting and filtering, no external resource) that opens offline and can be attached to a
/// CI job or a ticket. The verdict and its reasons come first, then the evidence.
public enum HTMLReport {
    /// What to show and how much: the caps keep the page small however large the workload.
    public struct Options: Sendable {
        /// The page title (browser tab and banner).
        public var title: String
        /// Statements are cut to this many characters in tables and sentences (the table's expandable
        /// full text is longer).
        public var maximumStatementLength: Int
        /// Rows of the statement table; the rest are summarized in one line.
        public var maximumFingerprints: Int
        /// Result difference examples shown.
        public var maximumExamples: Int
        /// Statements that get their own percentile and distribution charts.
        public var maximumFingerprintCharts: Int

        public init(title: String = "pgrehearse comparison", maximumStatementLength: Int = 300,
                    maximumFingerprints: Int = 500, maximumExamples: Int = 20, maximumFingerprintCharts: Int = 12) {
            self.title = title
            self.maximumStatementLength = maximumStatementLength
            self.maximumFingerprints = maximumFingerprints
            self.maximumExamples = maximumExamples
            self.maximumFingerprintCharts = maximumFingerprintCharts
        }
    }

    /// The page. Throws only if the embedded template does not parse (a bug here, not in the data).
    public static func render(_ report: ComparisonReport, options: Options = Options()) throws -> String {
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: HTMLTemplate.page)
        } catch {
            throw ReportError.invalidTemplate(reason: String(describing: error))
        }
        return template.render(TemplateValues.of(HTMLPage(report, options: options)))
    }
}
