import Foundation

/// A schema migration to rehearse: SQL applied to the candidate copy in one psql session. A file may
/// declare the verdict it is expected to get with a line `-- expect: pass` or `-- expect: fail` (the
/// demo's examples do, so the demo can say when a verdict is not the one expected).
public struct Migration: Sendable, Equatable {
    /// Short name: the file name without `.sql`.
    public var name: String
    public var sql: String
    /// The first comment lines of the file (what the migration does, for people).
    public var description: String
    /// `pass` or `fail` from an `-- expect:` line; nil without one.
    public var expectedVerdict: String?

    public init(name: String, sql: String, description: String = "", expectedVerdict: String? = nil) {
        self.name = name
        self.sql = sql
        self.description = description
        self.expectedVerdict = expectedVerdict
    }

    /// Reads a migration file.
    public static func load(path: String) throws(RehearsalError) -> Migration {
        let sql: String
        do {
            sql = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .migrationUnreadable(path: path, reason: error.localizedDescription)
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var description: [String] = []
        var expected: String?
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("--") else { break }
            let text = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
            if text.lowercased().hasPrefix("expect:") {
                expected = text.dropFirst("expect:".count).trimmingCharacters(in: .whitespaces).lowercased()
            } else if !text.isEmpty {
                description.append(text)
            }
        }
        return Migration(name: name, sql: sql, description: description.joined(separator: " "), expectedVerdict: expected)
    }
}
