import Analysis
import Foundation
import Testing
@testable import Report

@Suite struct HTMLReportTests {
    func render(_ report: ComparisonReport, _ options: HTMLReport.Options = .init()) throws -> String {
        try HTMLReport.render(report, options: options)
    }

    func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test func escapesEveryStringFromTheModel() throws {
        let html = try render(ReportFixture.failing())
        // The only script is the page's own; data never opens an element.
        #expect(occurrences(of: "<script", in: html) == 1)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img src=x"))
        #expect(!html.contains("<b>(allow_sqlstates)</b>"))
        #expect(!html.contains("<rehearse"))
        #expect(!html.contains("</code></pre>\" FROM"))
        // ... and shows it as text, escaped for content and for quoted attributes.
        #expect(html.contains("SELECT &#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39; &amp; &quot;x&quot;"))
        #expect(html.contains("&lt;img src=x onerror=alert(2)&gt;"))
        #expect(html.contains("application_name=&lt;rehearse &amp; &quot;test&quot;&gt;"))
        #expect(html.contains("invalid input syntax for type integer: &quot;&lt;script&gt;alert(3)&lt;/script&gt;&quot;"))
        #expect(html.contains("&lt;b&gt;(allow_sqlstates)&lt;/b&gt;"))
    }

    @Test func showsTheStatementWithValuesOnlyWhenPresent() throws {
        let html = try render(ReportFixture.failing())
        #expect(occurrences(of: "statement with its values", in: html) == 2)
        #expect(html.contains("WHERE c.region = &#39;eu-west&#39; LIMIT 50"))
        #expect(html.contains("SELECT &#39;&lt;script&gt;alert(5)&lt;/script&gt;&#39; FROM notes"))
    }

    @Test func verdictAndReasonsComeFirst() throws {
        let report = ReportFixture.failing()
        let html = try render(report)
        let banner = try #require(html.range(of: "<header class=\"banner fail\""))
        let verdict = try #require(html.range(of: ">FAIL<"))
        let table = try #require(html.range(of: "<table id=\"fingerprints\""))
        #expect(banner.lowerBound < verdict.lowerBound)
        var previous = verdict.upperBound
        for reason in report.reasons {
            let escaped = HTMLText.escape(reason.summary)
            let position = try #require(html.range(of: escaped), "reason missing: \(reason.summary)")
            #expect(previous < position.lowerBound, "reasons out of order")
            #expect(position.upperBound < table.lowerBound)
            previous = position.upperBound
        }
        // Each reason names its statement and fingerprint, linked to its row.
        for reason in report.reasons {
            let fingerprint = try #require(reason.fingerprint)
            #expect(html.contains("<a class=\"fp\" href=\"#fp-\(fingerprint)\">\(fingerprint)</a>"))
            #expect(html.contains("<tr id=\"fp-\(fingerprint)\""))
        }
        #expect(html.contains("<code>SELECT id, email, full_name FROM users WHERE email = $1</code>"))
    }

    @Test func workloadReasonNamesTheWorkload() throws {
        var report = ReportFixture.failing()
        report.reasons = [GateReason(kind: .latency, fingerprint: nil, statement: "",
                                     summary: "The workload is 12.1 % slower in total (interval 8.3 % to 15.2 %).",
                                     figures: ["weighted_change": .number(0.121)])]
        let html = try render(report)
        #expect(html.contains("The workload is 12.1 % slower in total (interval 8.3 % to 15.2 %).</div>"))
        #expect(html.contains("<span class=\"muted\">whole workload</span>"))
        #expect(html.contains("The candidate failed the gate: 1 reason."))
    }

    @Test func tableListsFailingStatementsFirst() throws {
        let html = try render(ReportFixture.failing())
        let statuses = html.components(separatedBy: "data-status=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(statuses.count == 30)
        #expect(Array(statuses.prefix(3)) == ["new_errors", "results_differ", "regressed"])
        #expect(!statuses.dropFirst(3).contains { ["new_errors", "results_differ", "regressed"].contains($0) })
        // Numeric columns carry plain numbers to sort by.
        #expect(html.contains("data-sort=\"412000\""))
        #expect(occurrences(of: "data-type=\"num\"", in: html) == 10)
    }

    @Test func longStatementsAreCutWithTheFullTextExpandable() throws {
        let html = try render(ReportFixture.failing(), .init(maximumStatementLength: 80))
        let cut = HTMLText.escape(StatementText.truncated(ReportFixture.longStatement, to: 80))
        #expect(cut.hasSuffix("…"))
        #expect(html.contains("<code>\(cut)</code>"))
        #expect(html.contains("<summary>full statement</summary><pre>\(HTMLText.escape(ReportFixture.longStatement))</pre>"))
    }

    @Test func drawsTheCharts() throws {
        // Failing: workload spectrum and distribution, the timeline, errors by SQLSTATE, and two charts for each
        // of 7 statements (the 3 failing ones and the 4 largest others by share of time).
        let failing = try render(ReportFixture.failing())
        #expect(occurrences(of: "<svg", in: failing) == 4 + 2 * 7)
        #expect(occurrences(of: "<svg class=\"chart\"", in: failing) == 18)
        #expect(failing.contains("aria-label=\"Failed requests by SQLSTATE, per run\""))
        #expect(failing.contains("aria-label=\"Percentile spectrum of statement \(ReportFixture.updateFingerprint)\""))
        // Passing: no errors, so no errors chart; 4 statements charted.
        let passing = try render(ReportFixture.passing())
        #expect(occurrences(of: "<svg", in: passing) == 3 + 2 * 4)
        #expect(passing.contains("No errors in any run."))
        // Legends name the runs present, in their colors.
        #expect(failing.contains(">control</text>"))
        #expect(!passing.contains(">control</text>"))
    }

    @Test func capsStatementCharts() throws {
        let html = try render(ReportFixture.failing(), .init(maximumFingerprintCharts: 2))
        #expect(occurrences(of: "<svg", in: html) == 4 + 2 * 2)
    }

    @Test func refersToNothingOutside() throws {
        for report in [ReportFixture.failing(), ReportFixture.passing(), ReportFixture.large(fingerprints: 600)] {
            let html = try render(report)
            #expect(!html.contains("http://"))
            #expect(!html.contains("https://"))
            #expect(!html.contains("url("))
            #expect(!html.contains("@import"))
            #expect(!html.contains("xmlns"))
            // Every src= and href= points inside the page.
            for attribute in ["src=\"", "href=\"", "src='", "href='"] {
                for rest in html.components(separatedBy: attribute).dropFirst() {
                    #expect(rest.hasPrefix("#"), "external reference: \(attribute)\(rest.prefix(40))")
                }
            }
        }
    }

    @Test func passingReportExplainsTheMissingControl() throws {
        let html = try render(ReportFixture.passing())
        #expect(html.contains("<header class=\"banner pass\""))
        #expect(html.contains(">PASS<"))
        #expect(html.contains("There was no control run."))
        #expect(html.contains("No reason to fail"))
        #expect(html.contains("No request returned a different result on the candidate."))
        #expect(!html.contains("class=\"reason\""))
    }

    @Test func showsNoiseThresholdsAndEnvironment() throws {
        let html = try render(ReportFixture.failing())
        #expect(html.contains("Weighted change in total time, baseline → control"))
        #expect(html.contains("40001: 3, 57014: 1"))
        #expect(html.contains("<code>SELECT now(), random()</code>"))
        for key in ["confidence", "false_discovery_rate", "relative_threshold", "absolute_threshold_ms", "minimum_samples",
                    "maximum_pairs", "workload_threshold", "failing_errors", "transient_errors", "transient_rate_floor",
                    "fail_on_result_differences", "allow_fingerprints", "allow_sqlstates", "nondeterministic_fingerprints",
                    "critical_fingerprints", "critical_relative_threshold", "overrides"] {
            #expect(html.contains("<td class=\"mono\">\(key)</td>"), "threshold \(key) missing")
        }
        #expect(html.contains("\(ReportFixture.hostileFingerprint): relative 50.0%, minimum samples 50"))
        // Settings that differ are listed first and marked; the rest are folded away.
        #expect(html.contains("<tr class=\"differs\"><th scope=\"row\" class=\"mono\">random_page_cost</th><td class=\"mono\">4</td><td class=\"mono\">1.1</td><td class=\"mono\">4</td></tr>"))
        #expect(html.contains("<th scope=\"row\" class=\"mono\">DateStyle</th>"))
        #expect(html.contains("PostgreSQL 15.8 (Debian 15.8-0+deb12u1)"))
        #expect(html.contains("15 min 02 s"))
        #expect(html.contains("captures/prod-monday.pgw"))
        #expect(html.contains("own send lag p99</th><td>0.250 ms</td><td>0.250 ms</td><td>–</td></tr>"))
    }

    @Test func capsExamples() throws {
        let report = ReportFixture.large(fingerprints: 50)
        let html = try render(report, .init(maximumExamples: 5))
        #expect(occurrences(of: "<article class=\"example\">", in: html) == 5)
        #expect(html.contains("195 more examples are in the JSON verdict."))
    }

    @Test func staysSmallForALargeWorkload() throws {
        let report = ReportFixture.large()
        #expect(report.fingerprints.count == 5_030)
        let clock = ContinuousClock()
        var html = ""
        let elapsed = try clock.measure { html = try render(report) }
        let bytes = html.utf8.count
        print("HTML report for \(report.fingerprints.count) statements: \(bytes) bytes in \(elapsed)")
        #expect(bytes < 2_000_000)
        #expect(occurrences(of: "<tr id=\"fp-", in: html) == 500)
        #expect(html.contains("4,530 more statements not shown"))
        #expect(occurrences(of: "<svg", in: html) <= 4 + 2 * 12)
        #expect(occurrences(of: "<article class=\"example\">", in: html) == 20)
        #expect(html.contains("SQLSTATEs with fewer failures are in the JSON verdict."))
    }

    @Test func handlesAnEmptyComparison() throws {
        var report = ReportFixture.passing()
        report.fingerprints = []
        report.workload.baseline = .empty
        report.workload.candidate = .empty
        report.timeline = Timeline(bucketSeconds: 10, baseline: [], candidate: [], control: nil)
        let html = try render(report)
        #expect(!html.contains("<svg"))
        #expect(html.contains("No latency was measured."))
        #expect(html.contains("No timeline was recorded."))
        #expect(html.contains("No statement was compared."))
    }
}
