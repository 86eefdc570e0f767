import Analysis
import Foundation
import Testing
import TestSupport
@testable import Report

/// The report opened in a real browser (headless Chromium): it renders, its script runs without error,
/// and sorting works. Screenshots are left in /tmp for a person to look at.
@Suite(.serialized, .enabled(if: Chromium.isAvailable, "needs /usr/bin/chromium"))
struct HTMLReportBrowserTests {
    static let failingScreenshot = "/tmp/pgrehearse-report-screenshot.png"
    static let passingScreenshot = "/tmp/pgrehearse-report-screenshot-pass.png"

    /// Writes `report`'s page to a temporary file (and, with `keep`, a copy to /tmp for people); returns its URL.
    func page(_ report: ComparisonReport, in directory: TemporaryDirectory, keep: String? = nil) throws -> URL {
        let html = try HTMLReport.render(report, options: .init(title: "checkout-service migration 0042"))
        let url = directory.url.appendingPathComponent("report.html")
        try Data(html.utf8).write(to: url)
        if let keep { try Data(html.utf8).write(to: URL(fileURLWithPath: keep)) }
        return url
    }

    /// The `<tbody>` rows of the statement table, in document order, by their ids.
    func rowIDs(_ dom: String) -> [String] {
        guard let table = dom.range(of: "id=\"fingerprints\""), let end = dom.range(of: "</tbody>", range: table.upperBound..<dom.endIndex)
        else { return [] }
        return dom[table.upperBound..<end.lowerBound].components(separatedBy: "<tr id=\"").dropFirst()
            .map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func failingReportRenders() throws {
        let directory = try TemporaryDirectory()
        let url = try page(ReportFixture.failing(), in: directory, keep: "/tmp/pgrehearse-report.html")
        let dom = try Chromium.dumpDOM(url.absoluteString, profile: directory.url)
        #expect(dom.contains("data-ready=\"1\""), "the page's script did not run to its end")
        #expect(dom.contains("data-errors=\"\""), "the page's script reported errors")
        #expect(dom.contains(">FAIL<"))
        #expect(dom.contains("The candidate failed the gate: 3 reasons."))
        #expect(rowIDs(dom).count == 30)
        #expect(!dom.contains("<script>alert"))
        #expect(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

        try Chromium.screenshot(url.absoluteString, to: Self.failingScreenshot, profile: directory.url)
        let size = try FileManager.default.attributesOfItem(atPath: Self.failingScreenshot)[.size] as? Int ?? 0
        #expect(size > 20_000, "the screenshot looks empty")
    }

    @Test func passingReportRenders() throws {
        let directory = try TemporaryDirectory()
        let url = try page(ReportFixture.passing(), in: directory, keep: "/tmp/pgrehearse-report-pass.html")
        let dom = try Chromium.dumpDOM(url.absoluteString, profile: directory.url)
        #expect(dom.contains("data-ready=\"1\""))
        #expect(dom.contains("data-errors=\"\""))
        #expect(dom.contains(">PASS<"))
        #expect(dom.contains("No errors in any run."))
        #expect(rowIDs(dom).count == 4)
        try Chromium.screenshot(url.absoluteString, to: Self.passingScreenshot, profile: directory.url)
        #expect(FileManager.default.fileExists(atPath: Self.passingScreenshot))
    }

    @Test func sortsByAColumn() throws {
        let directory = try TemporaryDirectory()
        let report = ReportFixture.failing()
        let url = try page(report, in: directory)
        // Default: failing statements first (new errors, results differ, regressed), then by share of time.
        let initial = rowIDs(try Chromium.dumpDOM(url.absoluteString, profile: directory.url))
        #expect(Array(initial.prefix(3)) == ["fp-\(ReportFixture.usersFingerprint)", "fp-\(ReportFixture.ordersFingerprint)",
                                             "fp-\(ReportFixture.updateFingerprint)"])
        // #sort=calls sorts by calls, largest first, numerically (412,000 before 40,000 before 9,000).
        let byCalls = rowIDs(try Chromium.dumpDOM(url.absoluteString + "#sort=calls", profile: directory.url))
        let expected = report.fingerprints.enumerated()
            .sorted { ($0.element.pairedCalls, -$0.offset) > ($1.element.pairedCalls, -$1.offset) }
            .map { "fp-\($0.element.fingerprint)" }
        #expect(byCalls.first == "fp-\(ReportFixture.readFingerprint)")
        #expect(Set(byCalls) == Set(expected))
        let calls = Dictionary(uniqueKeysWithValues: report.fingerprints.map { ("fp-\($0.fingerprint)", $0.pairedCalls) })
        let sequence = byCalls.compactMap { calls[$0] }
        #expect(sequence == sequence.sorted(by: >))
        // Ascending text sort of statements.
        let byStatement = rowIDs(try Chromium.dumpDOM(url.absoluteString + "#sort=statement-asc", profile: directory.url))
        #expect(byStatement.count == 30)
        #expect(byStatement.first != initial.first)
    }
}
