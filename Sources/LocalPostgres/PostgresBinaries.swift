import Foundation

/// Locates the PostgreSQL 15 server programs.
enum PostgresBinaries {
    /// The environment variable that overrides the search.
    static let environmentVariable = "PGREHEARSE_PG_BIN"
    static let debianDirectory = "/usr/lib/postgresql/15/bin"

    /// `$PGREHEARSE_PG_BIN`, else the Debian location, else `pg_config --bindir`; the first
    /// directory holding an executable `initdb` and `pg_ctl`.
    static func locate() throws(LocalPostgresError) -> String {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment[environmentVariable], !configured.isEmpty {
            guard hasServerPrograms(configured) else {
                throw .binariesNotFound(searched: ["\(environmentVariable)=\(configured)"])
            }
            return configured
        }
        var searched = [debianDirectory]
        if hasServerPrograms(debianDirectory) { return debianDirectory }
        if let pgConfig = findInPath("pg_config", path: environment["PATH"] ?? "/usr/bin:/bin"),
           let output = try? ProcessRunner.run(pgConfig, ["--bindir"]), output.succeeded {
            let directory = output.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            searched.append("\(directory) (pg_config --bindir)")
            if hasServerPrograms(directory) { return directory }
        } else {
            searched.append("pg_config --bindir (pg_config not found in PATH)")
        }
        throw .binariesNotFound(searched: searched)
    }

    static func hasServerPrograms(_ directory: String) -> Bool {
        let files = FileManager.default
        return files.isExecutableFile(atPath: directory + "/initdb") && files.isExecutableFile(atPath: directory + "/pg_ctl")
    }

    static func findInPath(_ program: String, path: String) -> String? {
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
