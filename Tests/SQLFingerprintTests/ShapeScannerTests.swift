import Testing
@testable import SQLFingerprint

@Suite struct ShapeScannerTests {
    private func shape(_ sql: String) -> StatementShape? {
        var text = sql
        return text.withUTF8 { ShapeScanner.scan($0) }
    }

    private func key(_ sql: String) -> [UInt8]? { shape(sql)?.key }

    private func normalized(_ sql: String) -> String? {
        var text = sql
        return text.withUTF8 { bytes in ShapeScanner.scan(bytes)?.normalizedText(bytes) }
    }

    @Test(arguments: [
        ("SELECT * FROM t WHERE id = 1", "SELECT * FROM t WHERE id = 987654"),
        ("SELECT * FROM t WHERE id = -1", "SELECT * FROM t WHERE id = -42"),
        ("SELECT 'a'", "SELECT 'it''s $1 -- not a comment'"),
        ("SELECT 'a'", "SELECT $$it's$$"),
        ("SELECT 'a'", "SELECT $tag$ $$ $ta $tag$"),
        ("SELECT 1.5", "SELECT 1e10"),
        ("SELECT 1.5", "SELECT .5"),
        ("SELECT 1.5", "SELECT 2147483648"),
        ("SELECT B'0101'", "SELECT b''"),
        ("SELECT X'1F'", "SELECT x'00'"),
        ("SELECT 1 -- one", "SELECT 2 /* outer /* nested */ still comment */"),
        ("SELECT  a ,\n\tb FROM t", "SELECT a , b FROM t"),
        ("  SELECT 1  ", "SELECT 2"),
        ("UPDATE a SET b = b + -1234", "UPDATE a SET b = b + -1"),
        ("SELECT a$1 FROM t1", "SELECT a$1 FROM t1"),
    ])
    func sameShape(_ first: String, _ second: String) throws {
        let firstKey = try #require(key(first))
        let secondKey = try #require(key(second))
        #expect(firstKey == secondKey)
    }

    @Test(arguments: [
        ("SELECT * FROM t1 WHERE id = 1", "SELECT * FROM t2 WHERE id = 1"),
        ("SELECT \"weird 1\" FROM t", "SELECT \"weird 2\" FROM t"),
        ("SELECT \"a  b\" FROM t", "SELECT \"a b\" FROM t"),
        ("SELECT * FROM t WHERE id = -1", "SELECT * FROM t WHERE id = 1"),
        ("SELECT a -1", "SELECT a - 1"),
        ("SELECT a @<-1", "SELECT a @<1"),
        ("SELECT 2147483647", "SELECT 2147483648"),
        ("SELECT 1", "SELECT 1.0"),
        ("SELECT 1", "SELECT '1'"),
        ("SELECT B'1'", "SELECT X'1'"),
        ("SELECT B'1'", "SELECT '1'"),
        ("SELECT ab", "SELECT a b"),
        ("SELECT a::int", "SELECT a: :int"),
        ("SELECT $1", "SELECT $2"),
        ("SELECT 1 IN (1, 2)", "SELECT 1 IN (1, 2, 3)"),
        ("select 1", "SELECT 1"),
    ])
    func differentShape(_ first: String, _ second: String) throws {
        let firstKey = try #require(key(first))
        let secondKey = try #require(key(second))
        #expect(firstKey != secondKey)
    }

    /// Texts the scanner cannot lex exactly like PostgreSQL are left to libpg_query.
    @Test(arguments: [
        "SELECT E'a\\nb'",
        "SELECT e'x'",
        "SELECT N'x'",
        "SELECT U&'d\\0061t'",
        "SELECT 'a'\n'b'",
        "SELECT 'a' 'b'",
        "SELECT B'01''10'",
        "SELECT 'unterminated",
        "SELECT \"unterminated",
        "SELECT $q$unterminated",
        "SELECT /* unterminated /* nested */",
        "SELECT 0x1F",
        "SELECT 1abc",
        "SELECT 1_000",
        "SELECT 1e",
        "SELECT 1..2",
        "SELECT $1abc",
        "SELECT $",
        "SELECT 1 \u{0B} 2",
        "SELECT \\x",
        "SELECT {1}",
    ])
    func refusesWhatItCannotLexExactly(_ sql: String) {
        #expect(shape(sql) == nil)
    }

    @Test func literalsAreLocatedWithTheirClass() throws {
        let sql = "SELECT 1, -2, 3.5, -4e2, 'x', $a$y$a$, B'1', X'F', 2147483648 FROM t WHERE a - 5 = -6"
        let found = try #require(shape(sql))
        let texts = found.literals.map { literal in
            String(decoding: Array(sql.utf8)[literal.range], as: UTF8.self)
        }
        #expect(texts == ["1", "-2", "3.5", "-4e2", "'x'", "$a$y$a$", "B'1'", "X'F'", "2147483648", "5", "-6"])
        let classes = found.literals.map(\.literalClass)
        #expect(classes == [
            .integer, .negativeInteger, .numeric, .negativeNumeric, .string, .string,
            .bitString, .hexString, .numeric, .integer, .negativeInteger,
        ])
    }

    @Test func scannerNormalizationMatchesLibpgQuery() throws {
        let texts = [
            "SELECT * FROM t WHERE id = 42",
            "UPDATE pgbench_accounts SET abalance = abalance + -1234 WHERE aid = 5;",
            "SELECT /* c 'x' */ 1, $2 -- hi\n, 'a'",
            "SELECT a - 1, a -1, (-1), x = -.5",
            "INSERT INTO t VALUES (1, 'it''s', $$dollar ' quoted$$, B'101', 1e-3)",
            "SELECT * FROM t1 WHERE \"weird 1\" = 'x' AND c IN (1, 2, -3)",
            "SELECT CASE WHEN a THEN -1 ELSE -2 END",
        ]
        for text in texts {
            let expected = try PgQuery.normalize(text).get()
            #expect(normalized(text) == expected, "\(text)")
        }
    }

    @Test func highestParameterIsTracked() throws {
        #expect(try #require(shape("SELECT $3, $12, 1")).highestParameter == 12)
        #expect(normalized("SELECT $3, $12, 1") == "SELECT $3, $12, $13")
    }
}
