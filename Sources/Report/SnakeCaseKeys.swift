/// The JSON verdict's key style: the model's camelCase property names in snake_case (`sqlState` →
/// `sql_state`, `p50Ms` → `p50_ms`), and back. Keys that are already snake_case pass unchanged, so the
/// gate policy keeps the keys of its gate file.
enum SnakeCaseKeys {
    /// `pValue` → `p_value`, `errorsBySQLState` → `errors_by_sql_state`: a word starts at an upper-case
    /// letter after a lower-case letter or digit, or at the last capital of an acronym followed by lower case.
    static func snakeCase(_ key: String) -> String {
        let characters = Array(key)
        var result = ""
        result.reserveCapacity(characters.count + 4)
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) {
                    result.append("_")
                }
            }
            result += character.lowercased()
        }
        return result
    }

    /// `p_value` → `pValue`, `p50_ms` → `p50Ms`: the inverse of `snakeCase` for the model's keys.
    static func camelCase(_ key: String) -> String {
        let words = key.split(separator: "_", omittingEmptySubsequences: true)
        guard let first = words.first, words.count > 1 else { return key }
        return String(first) + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A key the encoder or decoder strategy hands back.
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int?

        init(stringValue: String) {
            self.stringValue = stringValue
            self.intValue = nil
        }

        init(intValue: Int) {
            self.stringValue = String(intValue)
            self.intValue = intValue
        }
    }

    /// Whether a key at `path` is written as it is: the document's own top-level keys (explicit) and
    /// everything under `policy` (GatePolicy's explicit gate-file keys).
    static func keepsKey(at path: [any CodingKey]) -> Bool {
        path.count <= 1 || path.first?.stringValue == "policy"
    }
}
