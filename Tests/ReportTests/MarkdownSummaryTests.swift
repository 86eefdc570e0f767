import Analysis
import Testing
@testable import Report

@Suite struct MarkdownSummaryTests {
    @Test func failingSummaryLeadsWithTheVerdictAndReasons() {
        let report = ReportFixture.failing()
        let markdown = MarkdownSummary.render(report)
        #expect(markdown.hasPrefix("## ❌ FAIL"))
        #expect(markdown.contains("3 reasons to fail the gate:"))
        let bullets = markdown.split(separator: "\n").filter { $0.hasPrefix("- **") }
        #expect(bullets.count == 3)
        #expect(bullets[0].hasPrefix("- **errors**: New error 42703 (undefined\\_column) in 1,200 of 1,200 requests"))
        #expect(bullets[0].contains("`SELECT id, email, full_name FROM users WHERE email = $1` (`1a2b3c4d5e6f7081`)"))
        #expect(bullets[1].hasPrefix("- **latency**: Typically 62 % slower"))
        #expect(bullets[2].hasPrefix("- **results**: Results differ in 37 of 500 requests"))
        // The reasons come before the table.
        let table = markdown.range(of: "| Status | Statement |")
        let lastReason = markdown.range(of: "- **results**")
        #expect(table != nil && lastReason != nil)
        if let table, let lastReason { #expect(lastReason.upperBound < table.lowerBound) }
        #expect(markdown.contains("weighted change in total time +12.1% (interval +8.3% to +15.2%)"))
        #expect(markdown.contains("**Control:** between identical copies the weighted change was +0.4%"))
        #expect(markdown.contains("**Notes**"))
        // Prose from the model is escaped: no raw HTML reaches the job page.
        #expect(markdown.contains("\\<b\\>(allow\\_sqlstates)\\</b\\>"))
    }

    @Test func tableListsFailingStatementsFirstAndIsCapped() {
        let markdown = MarkdownSummary.render(ReportFixture.failing(), maximumFingerprints: 5)
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Status") }
        #expect(rows.count == 5)
        #expect(rows[0].hasPrefix("| ❌ new errors | `SELECT id, email, full_name FROM users WHERE email = $1` | 1,200 |"))
        #expect(rows[1].hasPrefix("| ❌ results differ |"))
        #expect(rows[2].hasPrefix("| ❌ regressed |"))
        #expect(rows[2].contains("| 1.62× (1.48–1.77) |"))
        #expect(markdown.contains("_25 more statements ("))
    }

    @Test func sqlCannotBreakTheTable() {
        let markdown = MarkdownSummary.render(ReportFixture.failing(), maximumFingerprints: 30)
        let row = markdown.split(separator: "\n").first { $0.contains("alert(1)") }
        #expect(row != nil)
        guard let row else { return }
        // The statement has `y` in backticks and || in it: a longer fence, and the pipes escaped.
        #expect(row.contains("``SELECT '<script>alert(1)</script>' & \"x\" \\|\\| `y`, $1"))
        // Six cells: seven unescaped pipes.
        var pipes = 0
        var previous: Character = " "
        for character in row {
            if character == "|", previous != "\\" { pipes += 1 }
            previous = character
        }
        #expect(pipes == 7)
    }

    @Test func longStatementsAreCut() {
        let markdown = MarkdownSummary.render(ReportFixture.failing(), maximumFingerprints: 30)
        let row = markdown.split(separator: "\n").first { $0.contains("SELECT c.id, c.name") }
        #expect(row?.contains("…`") == true)
        #expect(row?.contains("LIMIT $6 OFFSET $7") == false)
        #expect(!markdown.contains("\n  FROM customers"))
    }

    @Test func passingSummary() {
        let markdown = MarkdownSummary.render(ReportFixture.passing())
        #expect(markdown.hasPrefix("## ✅ PASS"))
        #expect(!markdown.contains("❌"))
        #expect(markdown.contains("The gate found no reason to fail"))
        #expect(markdown.contains("**Control:** none."))
        #expect(!markdown.contains("**Notes**"))
        #expect(markdown.contains("| 🟢 improved |"))
    }

    @Test func codeSpans() {
        #expect(MarkdownText.code("SELECT 1", inTable: false) == "`SELECT 1`")
        #expect(MarkdownText.code("SELECT `a`", inTable: false) == "`` SELECT `a` ``")
        #expect(MarkdownText.code("a ``b`` c", inTable: false) == "```a ``b`` c```")
        #expect(MarkdownText.code("a | b", inTable: true) == "`a \\| b`")
        #expect(MarkdownText.code("a\n  b", inTable: true) == "`a b`")
        #expect(MarkdownText.escape("*x* <y> [z](w)") == "\\*x\\* \\<y\\> \\[z\\](w)")
    }
}
