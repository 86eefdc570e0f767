import CLibPQ
import Workload
#if canImport(Glibc)
import Glibc
#endif

/// libpq connection keywords for one replayed session: the target's own settings, with the captured
/// user, database, application_name and startup settings where the target does not fix them.
/// PG* environment variables and `.pgpass` still apply to anything left unset, as in psql.
public struct ConnectionParameters: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let keyword: String
        public let value: String
    }

    public private(set) var entries: [Entry]

    /// The target's settings as `--target` gave them (a `key=value` string or a `postgresql://` URI).
    public init(target: String) throws(ReplayError) {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(target, &message) else {
            let reason = message.map { String(cString: $0) } ?? "out of memory"
            if let message { PQfreemem(message) }
            throw .invalidTarget(reason.split(separator: "\n").first.map(String.init) ?? reason)
        }
        defer { PQconninfoFree(options) }
        var entries: [Entry] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                entries.append(Entry(keyword: String(cString: keyword), value: String(cString: value)))
            }
            option += 1
        }
        self.entries = entries
    }

    init(entries: [Entry]) {
        self.entries = entries
    }

    public func value(_ keyword: String) -> String? {
        entries.last { $0.keyword == keyword }?.value
    }

    /// Sets `keyword` unless the target already did.
    mutating func setDefault(_ keyword: String, _ value: String?) {
        guard let value, self.value(keyword) == nil else { return }
        entries.append(Entry(keyword: keyword, value: value))
    }

    /// Sets `keyword`, replacing the target's value.
    mutating func set(_ keyword: String, _ value: String) {
        entries.removeAll { $0.keyword == keyword }
        entries.append(Entry(keyword: keyword, value: value))
    }

    /// The parameters for one captured session: its user and database unless the target names them, its
    /// application_name, and its other startup settings (client_encoding, options, `-c` settings).
    /// `defaultDatabase` stands in for sessions whose startup was not captured (open before the capture began).
    public func forSession(_ start: SessionStart, defaultDatabase: String? = nil) -> ConnectionParameters {
        var parameters = self
        parameters.setDefault("user", start.user)
        parameters.setDefault("dbname", start.database ?? defaultDatabase)
        if let name = start.applicationName { parameters.set("application_name", name) }
        parameters.setDefault("fallback_application_name", "pgrehearse")
        var settings: [String] = []
        for parameter in start.startupParameters {
            switch parameter.name {
            case "client_encoding": parameters.setDefault("client_encoding", parameter.value)
            case "options": settings.append(parameter.value)
            case "replication", "user", "database", "application_name": break
            default: settings.append("-c \(Self.escapeOption(parameter.name))=\(Self.escapeOption(parameter.value))")
            }
        }
        if !settings.isEmpty {
            let existing = parameters.value("options").map { [$0] } ?? []
            parameters.set("options", (existing + settings).joined(separator: " "))
        }
        return parameters
    }

    /// Calls `body` with the NUL-terminated keyword and value arrays libpq's `…Params` functions take.
    func withLibpqArrays<Result>(
        _ body: (UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<UnsafePointer<CChar>?>) -> Result
    ) -> Result {
        let keywords = entries.map { strdup($0.keyword) }
        let values = entries.map { strdup($0.value) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keywordPointers = keywords.map { UnsafePointer<CChar>($0) } + [nil]
        let valuePointers = values.map { UnsafePointer<CChar>($0) } + [nil]
        return body(keywordPointers, valuePointers)
    }

    /// The target for people and run files: every setting but the password.
    public var display: String {
        entries.filter { $0.keyword != "password" }.map { "\($0.keyword)=\($0.value)" }.joined(separator: " ")
    }

    /// In libpq's `options`, spaces and backslashes inside a value are escaped with a backslash.
    static func escapeOption(_ value: String) -> String {
        var escaped = ""
        for character in value {
            if character == " " || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
