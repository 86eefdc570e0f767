import Foundation

/// Text made safe for GitHub-flavoured Markdown: prose with its special characters escaped, and code
/// spans that survive backticks in SQL and pipes inside table cells.
enum MarkdownText {
    /// Characters that could start emphasis, links, HTML, code or a table cell, backslash-escaped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in StatementText.oneLine(text) {
            if "\\`*_[]<>|~&#".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// `text` as a code span on one line: fenced with more backticks than it contains in a row (padded
    /// with spaces when it starts or ends with one), with `|` escaped when the span sits in a table cell.
    static func code(_ text: String, inTable: Bool) -> String {
        var content = StatementText.oneLine(text)
        if inTable { content = content.replacingOccurrences(of: "|", with: "\\|") }
        var longestRun = 0, run = 0
        for character in content {
            run = character == "`" ? run + 1 : 0
            longestRun = max(longestRun, run)
        }
        let fence = String(repeating: "`", count: longestRun + 1)
        let padded = content.hasPrefix("`") || content.hasSuffix("`") || content.isEmpty ? " \(content) " : content
        return fence + padded + fence
    }
}
