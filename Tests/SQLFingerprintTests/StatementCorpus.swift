import TestSupport

/// Deterministic random statement texts for the cache tests: templates with literal slots
/// filled with random values of many lexical forms, random whitespace and comments.
enum StatementCorpus {
    /// One statement of pgbench's built-in TPC-B-like script, as sent in simple protocol mode.
    static func pgbenchStatement(using random: inout SplitMix64) -> String {
        let aid = Int.random(in: 1...100_000, using: &random)
        let tid = Int.random(in: 1...10, using: &random)
        let bid = Int.random(in: 1...1, using: &random)
        let delta = Int.random(in: -5000...5000, using: &random)
        switch Int.random(in: 0..<7, using: &random) {
        case 0: return "BEGIN;"
        case 1: return "UPDATE pgbench_accounts SET abalance = abalance + \(delta) WHERE aid = \(aid);"
        case 2: return "SELECT abalance FROM pgbench_accounts WHERE aid = \(aid);"
        case 3: return "UPDATE pgbench_tellers SET tbalance = tbalance + \(delta) WHERE tid = \(tid);"
        case 4: return "UPDATE pgbench_branches SET bbalance = bbalance + \(delta) WHERE bid = \(bid);"
        case 5:
            return "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (\(tid), \(bid), \(aid), \(delta), CURRENT_TIMESTAMP);"
        default: return "END;"
        }
    }

    /// Templates; `{n}` integer, `{-}` signed number, `{f}` numeric, `{s}` string,
    /// `{d}` dollar-quoted string, `{b}` bit or hex string, `{e}` escape string,
    /// `{w}` whitespace, `{c}` comment or whitespace.
    static let templates = [
        "SELECT * FROM t1 WHERE id = {n}",
        "SELECT * FROM t1 WHERE id = {-}",
        "SELECT * FROM t1 WHERE id ={w}{-}",
        "select \"weird 1\"{w}from t where x in ({n}, {n}, {-})",
        "select \"weird 2\"{w}from t where x in ({n}, {n}, {-})",
        "SELECT a - {n}, a -{n}, b+{-}, c*{-}, d/-{n}, e<>-{n} FROM t",
        "SELECT {s} || {s}{c}FROM t WHERE name LIKE {s}",
        "INSERT INTO t (a, b, c) VALUES ({n}, {s}, {f}){c}RETURNING id",
        "UPDATE t SET price = price * {f} WHERE sku = {s} AND qty > {n}",
        "SELECT {b}, {b}",
        "SELECT x FROM t WHERE created_at > now() - interval {s} LIMIT {n} OFFSET {n}",
        "SELECT $1, {n} FROM t WHERE a = $2",
        "SELECT CASE WHEN a > {n} THEN -{n} ELSE {-} END FROM t",
        "SELECT a FROM t WHERE b BETWEEN {-} AND {-}",
        "SELECT {d} AS body",
        "FETCH {n} FROM c",
        "SELECT {e}",
        "SELECT {s}\n{s}",
        "SELECT {s} {s}",
        "SELECT {n}; SELECT {-}; -- trailing {s}",
        "SELECT {n}{w}/* outer /* inner {s} */ still */ + {n}",
        "SELECT a[{n}:{n}] FROM t",
        "SELECT {n}::numeric(10,2), x::varchar({n}) FROM t",
        "SELECT 1 FROM t WHERE a = {n} AND b = 2147483647 OR c = {f}",
        "SELECT col1 FROM t2 WHERE col2 = {n}{c}",
        "SELECT a @<-{n}, a %-{n}, a @<{n} FROM t",
        "SELECT date {s}, {s}::date",
        "DO $$BEGIN PERFORM {n}; END$$",
        "SELECT t.1{n}",
        "SELECT {n}abc",
        "SELECT 1.{n}.5",
        "SELECT $q$unterminated {s}",
        "SELECT /* unterminated {n}",
        "SELECT a$1 FROM t WHERE b = {n}",
        "SELECT U&'d\\0061t\\+000061' FROM t WHERE x = {n}",
        "SELECT N{s}, B'10'{s}",
        "VALUES ({-}, {f}, {s}), ({n}, -{f}, {d})",
        "SELECT - {n}, -  {f}, (-{n})",
        "SELECT * FROM t WHERE x = ANY(ARRAY[{n},{-},{n}]) ORDER BY {n}",
        "EXPLAIN SELECT * FROM t WHERE id = {n}",
        "SET statement_timeout = {n}",
        "SELECT {n}\u{0B}+{n}",
    ]

    static func mixed(count: Int, using random: inout SplitMix64) -> [String] {
        (0..<count).map { index in
            fill(templates[index % templates.count], using: &random)
        }
    }

    static func fill(_ template: String, using random: inout SplitMix64) -> String {
        var output = ""
        var characters = template.makeIterator()
        while let character = characters.next() {
            guard character == "{" else {
                output.append(character)
                continue
            }
            var slot = ""
            while let next = characters.next(), next != "}" { slot.append(next) }
            output += value(for: slot, using: &random)
        }
        return output
    }

    private static func value(for slot: String, using random: inout SplitMix64) -> String {
        switch slot {
        case "n": return integer(using: &random)
        case "-": return Bool.random(using: &random) ? "-" + integer(using: &random) : integer(using: &random)
        case "f": return ["1.5", ".5", "5.", "1e10", "1.5E-3", "2147483648", "99999999999999999999", "0.0", "3e+2"]
            .randomElement(using: &random)!
        case "s": return "'" + stringContent(using: &random).replacingQuotes() + "'"
        case "d":
            let tag = ["", "tag", "q1", "_x"].randomElement(using: &random)!
            return "$\(tag)$" + stringContent(using: &random) + "$\(tag)$"
        case "b": return ["B'0101'", "b'1'", "X'1F'", "x'00ff'", "B''"].randomElement(using: &random)!
        case "e": return "E'" + ["a\\nb", "\\x41", "it\\'s", "plain", "\\\\"].randomElement(using: &random)! + "'"
        case "w": return String((0..<Int.random(in: 1...3, using: &random)).map { _ in [" ", "\t", "\n"].randomElement(using: &random)! })
        case "c": return [" ", " -- note 'x' $1\n", " /* c */ ", "/* nested /* x */ y */", "\n"].randomElement(using: &random)!
        default: return slot
        }
    }

    private static func integer(using random: inout SplitMix64) -> String {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return "0"
        case 1: return "2147483647"
        case 2: return "2147483648"
        case 3: return "000\(Int.random(in: 0...99, using: &random))"
        case 4: return String(UInt64.random(in: 1_000_000_000_000...UInt64.max, using: &random))
        default: return String(Int.random(in: 1...1_000_000, using: &random))
        }
    }

    private static func stringContent(using random: inout SplitMix64) -> String {
        let pieces = ["a", "it's", "$", "$$", "$1", "\\", "\"", "--", "/*", "*/", " ", "é", "🐘", "x y", "''", ";", "\n"]
        return (0..<Int.random(in: 0...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }
}

private extension String {
    /// Doubles single quotes for a standard-conforming string literal.
    func replacingQuotes() -> String {
        var output = ""
        for character in self {
            output.append(character)
            if character == "'" { output.append("'") }
        }
        return output
    }
}
