/// Escaping for text placed into HTML or SVG markup that this module writes itself (the charts); the
/// page template escapes its own `{{values}}`.
enum HTMLText {
    /// `text` with `& < > " '` replaced by entities: safe in element content and in quoted attributes.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
