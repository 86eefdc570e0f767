import CPgQuery

/// Thin, memory-safe wrappers around the libpg_query C calls: every C result is freed
/// before returning, and errors become `SQLFingerprintError`.
///
/// libpg_query keeps a memory context per thread, so these calls are safe from any thread.
enum PgQuery {
    static func fingerprint(_ text: String) -> Result<UInt64, SQLFingerprintError> {
        if text.utf8.contains(0) { return .failure(.containsNulByte) }
        return text.withCString { pointer in
            let result = pg_query_fingerprint(pointer)
            defer { pg_query_free_fingerprint_result(result) }
            if let error = result.error { return .failure(parseError(error)) }
            return .success(result.fingerprint)
        }
    }

    static func normalize(_ text: String) -> Result<String, SQLFingerprintError> {
        if text.utf8.contains(0) { return .failure(.containsNulByte) }
        return text.withCString { pointer in
            let result = pg_query_normalize(pointer)
            defer { pg_query_free_normalize_result(result) }
            if let error = result.error { return .failure(parseError(error)) }
            guard let normalized = result.normalized_query else {
                return .failure(.parse(message: "libpg_query returned no normalized text", position: 0))
            }
            return .success(String(cString: normalized))
        }
    }

    /// The parse tree as libpg_query's JSON (`{"version":…,"stmts":[{"stmt":{"SelectStmt":…}}]}`).
    static func parseTreeJSON(_ text: String) -> Result<String, SQLFingerprintError> {
        if text.utf8.contains(0) { return .failure(.containsNulByte) }
        return text.withCString { pointer in
            let result = pg_query_parse(pointer)
            defer { pg_query_free_parse_result(result) }
            if let error = result.error { return .failure(parseError(error)) }
            guard let tree = result.parse_tree else {
                return .failure(.parse(message: "libpg_query returned no parse tree", position: 0))
            }
            return .success(String(cString: tree))
        }
    }

    private static func parseError(_ error: UnsafeMutablePointer<PgQueryError>) -> SQLFingerprintError {
        let message = error.pointee.message.map { String(cString: $0) } ?? "unknown parse error"
        return .parse(message: message, position: Int(error.pointee.cursorpos))
    }
}
