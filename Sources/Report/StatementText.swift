/// Statement text shaped for display: on one line, and cut to a length a table cell or a sentence can hold.
enum StatementText {
    /// `text` with every run of whitespace (newlines included) replaced by one space, trimmed.
    static func oneLine(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for character in text {
            if character.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }

    /// `text` on one line, cut to at most `limit` characters (an ellipsis marks the cut).
    static func truncated(_ text: String, to limit: Int) -> String {
        let line = oneLine(text)
        return cut(line, to: limit)
    }

    /// `text` cut to at most `limit` characters, the last of them an ellipsis when it was longer.
    static func cut(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        guard limit > 1 else { return "…" }
        return String(text.prefix(limit - 1)) + "…"
    }

    /// Whether `truncated(text, to: limit)` loses anything.
    static func isTruncated(_ text: String, at limit: Int) -> Bool {
        oneLine(text).count > limit
    }
}
