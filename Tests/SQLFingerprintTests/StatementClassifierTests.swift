import Testing
import SQLFingerprint

@Suite struct StatementClassifierTests {
    @Test(arguments: [
        "SELECT 1",
        "select a from t where b = 1 order by a limit 10",
        "WITH x AS (SELECT 1) SELECT * FROM x UNION SELECT 2",
        "SHOW search_path",
        "SET search_path = public",
        "RESET ALL",
        "EXPLAIN SELECT * FROM t",
        "EXPLAIN DELETE FROM t",
        "EXPLAIN (ANALYZE false) UPDATE t SET a = 1",
        "EXPLAIN ANALYZE SELECT 1",
        "BEGIN; SELECT 1; COMMIT",
        "BEGIN READ ONLY",
        "ROLLBACK",
        "COPY t TO STDOUT",
        "COPY (SELECT * FROM t) TO STDOUT",
        "DECLARE c CURSOR FOR SELECT * FROM t",
        "FETCH 10 FROM c",
        "PREPARE p AS SELECT $1::int",
        "DEALLOCATE p",
        "DISCARD ALL",
        "",
    ])
    func readOnly(_ sql: String) {
        #expect(StatementClassifier.isReadOnly(sql) == true)
    }

    @Test(arguments: [
        "INSERT INTO t VALUES (1)",
        "UPDATE t SET a = 1",
        "DELETE FROM t",
        "SELECT * FROM t FOR UPDATE",
        "SELECT * FROM t FOR SHARE",
        "SELECT * FROM (SELECT * FROM t FOR UPDATE) s",
        "SELECT 1 INTO t2",
        "WITH x AS (INSERT INTO t VALUES (1) RETURNING *) SELECT * FROM x",
        "WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x",
        "SELECT nextval('s')",
        "SELECT pg_catalog.setval('s', 1)",
        "EXPLAIN ANALYZE DELETE FROM t",
        "EXPLAIN (ANALYZE, COSTS off) INSERT INTO t VALUES (1)",
        "CREATE TABLE t (a int)",
        "ALTER TABLE t ADD COLUMN b int",
        "TRUNCATE t",
        "VACUUM t",
        "COPY t FROM STDIN",
        "PREPARE TRANSACTION 'x'",
        "EXECUTE p(1)",
        "SELECT 1; DELETE FROM t",
        "PREPARE p AS DELETE FROM t",
    ])
    func notReadOnly(_ sql: String) {
        #expect(StatementClassifier.isReadOnly(sql) == false)
    }

    @Test func unparseableIsUnknown() {
        #expect(StatementClassifier.isReadOnly("SELEC 1") == nil)
    }

    @Test func statementKindsListsTopLevelNodes() throws {
        #expect(try StatementClassifier.statementKinds("SELECT 1") == ["SelectStmt"])
        #expect(try StatementClassifier.statementKinds(
            "INSERT INTO t VALUES (1); ALTER TABLE t ADD COLUMN b int; CREATE INDEX ON t (b); BEGIN"
        ) == ["InsertStmt", "AlterTableStmt", "IndexStmt", "TransactionStmt"])
        #expect(try StatementClassifier.statementKinds("  ; -- nothing") == [])
    }

    @Test func statementKindsReportsParseErrors() {
        #expect(throws: SQLFingerprintError.self) {
            try StatementClassifier.statementKinds("ALTER TABLE")
        }
    }
}

@Suite struct DDLClassifierTests {
    @Test(arguments: [
        ("CREATE INDEX i ON t (a)", true),
        ("ALTER TABLE t RENAME COLUMN a TO b", true),
        ("DROP TABLE t", true),
        ("COMMENT ON TABLE t IS 'x'", true),
        ("GRANT SELECT ON t TO public", true),
        ("SELECT 1; CREATE TABLE x (a int)", true),
        ("SELECT * FROM t", false),
        ("INSERT INTO t VALUES (1)", false),
        ("TRUNCATE t", false),
        ("VACUUM t", false),
        ("BEGIN", false),
    ])
    func classifiesDDL(sql: String, expected: Bool) {
        #expect(StatementClassifier.containsDDL(sql) == expected)
    }

    @Test func unparsableTextIsUnknown() {
        #expect(StatementClassifier.containsDDL("SELEC 1") == nil)
    }
}

@Suite struct ResultOrderClassifierTests {
    @Test(arguments: [
        ("SELECT a FROM t ORDER BY a", true),
        ("SELECT a FROM t WHERE id = $1", false),
        ("SELECT a FROM (SELECT a FROM t ORDER BY a) s", false),
        ("SELECT a FROM t UNION SELECT b FROM u ORDER BY 1", true),
        ("BEGIN; SELECT a FROM t ORDER BY a LIMIT 5; COMMIT", true),
        ("DECLARE c CURSOR FOR SELECT a FROM t ORDER BY a", true),
        ("COPY (SELECT a FROM t ORDER BY a) TO STDOUT", true),
        ("UPDATE t SET a = 1", false),
    ])
    func knowsWhetherRowsAreOrdered(sql: String, expected: Bool) {
        #expect(StatementClassifier.ordersResults(sql) == expected)
    }

    @Test(arguments: [
        ("SELECT now()", true),
        ("INSERT INTO h (mtime) VALUES (CURRENT_TIMESTAMP)", true),
        ("SELECT nextval('s')", true),
        ("SELECT a FROM t WHERE r < random()", true),
        ("SELECT current_user", false),
        ("SELECT abalance FROM pgbench_accounts WHERE aid = $1", false),
        ("SELECT lower(name) FROM t", false),
    ])
    func findsVolatileFunctions(sql: String, expected: Bool) {
        #expect(StatementClassifier.callsVolatileFunction(sql) == expected)
    }

    @Test func unparsableTextIsUnknown() {
        #expect(StatementClassifier.ordersResults("SELEC 1") == nil)
        #expect(StatementClassifier.callsVolatileFunction("SELEC 1") == nil)
    }
}
