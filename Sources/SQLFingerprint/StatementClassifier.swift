import Foundation

/// Classifies statement texts from their libpg_query parse tree, for replay options such
/// as `--read-only` (skip anything that may write) and `--no-ddl` (skip schema changes).
public enum StatementClassifier {
    /// The top-level parse node names of each statement in `sql`, in order, such as
    /// `["SelectStmt"]`, `["InsertStmt", "AlterTableStmt"]`; `[]` for an empty text.
    public static func statementKinds(_ sql: String) throws(SQLFingerprintError) -> [String] {
        try statements(sql).compactMap { $0.keys.first }
    }

    /// Whether every statement in `sql` only reads: `true` for plain SELECT (no `FOR
    /// UPDATE/SHARE`, no `INTO`, no data-modifying `WITH`, no `nextval`/`setval`), SHOW,
    /// SET/RESET, EXPLAIN without ANALYZE (or with ANALYZE of a read-only statement),
    /// transaction control (except two-phase commit), cursors over read-only queries,
    /// `COPY … TO`, PREPARE of a read-only statement, DEALLOCATE, DISCARD, LISTEN and
    /// UNLISTEN. `false` for everything else, including EXECUTE (the prepared statement is
    /// unknown here). `nil` when `sql` does not parse.
    ///
    /// Functions with side effects other than `nextval`/`setval` cannot be seen in the text:
    /// `SELECT my_function_that_deletes()` counts as read-only.
    public static func isReadOnly(_ sql: String) -> Bool? {
        guard let statements = try? statements(sql) else { return nil }
        return statements.allSatisfy(isReadOnlyStatement)
    }

    /// Whether any statement in `sql` changes the schema or permissions (CREATE, ALTER, DROP, RENAME,
    /// COMMENT, GRANT/REVOKE, SECURITY LABEL, REINDEX, ...), for `replay --no-ddl`. TRUNCATE, VACUUM,
    /// ANALYZE and data changes are not DDL. `nil` when `sql` does not parse.
    public static func containsDDL(_ sql: String) -> Bool? {
        guard let kinds = try? statementKinds(sql) else { return nil }
        return kinds.contains(where: isDDLKind)
    }

    /// Whether the rows of `sql` come back in a defined order: some top-level SELECT (or a set
    /// operation, or the query of a top-level EXPLAIN-less `DECLARE`/`COPY (…) TO`) has an ORDER BY.
    /// `compare` then compares results in order, else as a multiset. `nil` when `sql` does not parse.
    public static func ordersResults(_ sql: String) -> Bool? {
        guard let statements = try? statements(sql) else { return nil }
        return statements.contains { statement in
            guard let (kind, body) = statement.first, let fields = body as? Node else { return false }
            switch kind {
            case "SelectStmt":
                return !(fields["sortClause"] as? [Any] ?? []).isEmpty
            case "DeclareCursorStmt", "CopyStmt":
                guard let query = fields["query"] as? Node, let select = query["SelectStmt"] as? Node else { return false }
                return !(select["sortClause"] as? [Any] ?? []).isEmpty
            default:
                return false
            }
        }
    }

    /// Functions whose result differs from one call to the next even on identical data.
    static let volatileFunctions: Set<String> = [
        "now", "random", "clock_timestamp", "statement_timestamp", "transaction_timestamp", "timeofday",
        "nextval", "currval", "lastval", "setval", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v4",
        "txid_current", "pg_current_xact_id", "pg_backend_pid", "inet_client_port", "pg_postmaster_start_time",
        "setseed", "age", "pg_sleep",
    ]

    /// Whether `sql` calls a function whose value changes between runs on identical data (now(),
    /// random(), nextval(), CURRENT_TIMESTAMP, ...): its results cannot be compared across runs.
    /// `nil` when `sql` does not parse.
    public static func callsVolatileFunction(_ sql: String) -> Bool? {
        guard let statements = try? statements(sql) else { return nil }
        return statements.contains(where: containsVolatileCall)
    }

    private static func containsVolatileCall(_ node: Any) -> Bool {
        if let list = node as? [Any] { return list.contains(where: containsVolatileCall) }
        guard let fields = node as? Node else { return false }
        for (name, value) in fields {
            switch name {
            case "SQLValueFunction":
                // CURRENT_DATE, CURRENT_TIME(STAMP), LOCALTIME(STAMP); not CURRENT_USER and the like.
                let op = (value as? Node)?["op"] as? String ?? ""
                if op.contains("DATE") || op.contains("TIME") { return true }
            case "FuncCall":
                if let call = value as? Node, let name = functionName(call), volatileFunctions.contains(name) { return true }
            default:
                break
            }
            if containsVolatileCall(value) { return true }
        }
        return false
    }

    private static func functionName(_ call: Node) -> String? {
        guard let nameParts = call["funcname"] as? [Node], let last = nameParts.last?["String"] as? Node else { return nil }
        return (last["sval"] as? String)?.lowercased()
    }

    /// Parse node names that change the schema or permissions.
    static func isDDLKind(_ kind: String) -> Bool {
        if kind.hasPrefix("Create") || kind.hasPrefix("Alter") || kind.hasPrefix("Drop") { return true }
        let others: Set<String> = [
            "DefineStmt", "IndexStmt", "ViewStmt", "RuleStmt", "RenameStmt", "CommentStmt", "GrantStmt",
            "GrantRoleStmt", "SecLabelStmt", "CompositeTypeStmt", "ReindexStmt", "RefreshMatViewStmt",
            "ImportForeignSchemaStmt", "ReassignOwnedStmt", "ClusterStmt",
        ]
        return others.contains(kind)
    }

    // MARK: - Parse tree walking

    private typealias Node = [String: Any]

    private static func statements(_ sql: String) throws(SQLFingerprintError) -> [Node] {
        let json: String
        switch PgQuery.parseTreeJSON(sql) {
        case .success(let tree): json = tree
        case .failure(let error): throw error
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)),
              let root = object as? Node
        else { throw .parse(message: "libpg_query returned a parse tree that is not JSON", position: 0) }
        let rawStatements = root["stmts"] as? [Node] ?? []
        return rawStatements.compactMap { $0["stmt"] as? Node }
    }

    private static func isReadOnlyStatement(_ statement: Node) -> Bool {
        guard let (kind, body) = statement.first, let fields = body as? Node else { return false }
        switch kind {
        case "SelectStmt":
            return isReadOnlyQuery(statement)
        case "VariableShowStmt", "VariableSetStmt", "DeallocateStmt", "DiscardStmt",
             "ListenStmt", "UnlistenStmt", "FetchStmt", "ClosePortalStmt":
            return true
        case "TransactionStmt":
            let twoPhase: Set<String> = ["TRANS_STMT_PREPARE", "TRANS_STMT_COMMIT_PREPARED", "TRANS_STMT_ROLLBACK_PREPARED"]
            return !twoPhase.contains(fields["kind"] as? String ?? "")
        case "ExplainStmt":
            guard explainAnalyzes(fields) else { return true }
            return (fields["query"] as? Node).map(isReadOnlyStatement) ?? false
        case "DeclareCursorStmt", "PrepareStmt":
            return (fields["query"] as? Node).map(isReadOnlyStatement) ?? false
        case "CopyStmt":
            if fields["is_from"] as? Bool == true { return false }
            if let query = fields["query"] as? Node { return isReadOnlyStatement(query) }
            return true
        default:
            return false
        }
    }

    /// A SELECT tree that contains no writing construct anywhere (CTEs, subqueries, set operations).
    private static func isReadOnlyQuery(_ node: Any) -> Bool {
        if let list = node as? [Any] { return list.allSatisfy(isReadOnlyQuery) }
        guard let fields = node as? Node else { return true }
        for (name, value) in fields {
            switch name {
            case "InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt", "intoClause":
                return false
            case "lockingClause":
                if let clauses = value as? [Any], !clauses.isEmpty { return false }
            case "FuncCall":
                if let call = value as? Node, callsSequenceWriter(call) { return false }
            default:
                break
            }
            if !isReadOnlyQuery(value) { return false }
        }
        return true
    }

    private static func callsSequenceWriter(_ call: Node) -> Bool {
        guard let name = functionName(call) else { return false }
        return name == "nextval" || name == "setval"
    }

    /// Whether EXPLAIN's options include ANALYZE that is not explicitly turned off.
    private static func explainAnalyzes(_ fields: Node) -> Bool {
        let options = fields["options"] as? [Node] ?? []
        for option in options {
            guard let element = option["DefElem"] as? Node, element["defname"] as? String == "analyze" else { continue }
            guard let argument = element["arg"] as? Node else { return true }
            if let string = (argument["String"] as? Node)?["sval"] as? String {
                return !["false", "off", "0", "no"].contains(string.lowercased())
            }
            if let integer = argument["Integer"] as? Node {
                return (integer["ival"] as? Int ?? 0) != 0
            }
            if let boolean = argument["Boolean"] as? Node {
                return boolean["boolval"] as? Bool ?? false
            }
            return true
        }
        return false
    }
}
