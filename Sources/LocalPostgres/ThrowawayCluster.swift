import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private PostgreSQL 15 server in a temporary directory, listening on 127.0.0.1 on a
/// free port, for the `demo` command and for tests.
///
/// Durability is switched off (fsync, synchronous_commit, full_page_writes) so it starts
/// and runs fast; the data is gone after `stop()`. Several clusters can run at once: each
/// has its own directory, socket directory and port.
///
/// Always stop a cluster when done. Tests do it with `defer`:
///
///     let cluster = try ThrowawayCluster.start()
///     defer { cluster.stop() }
///
/// `deinit` stops it too, as a safety net.
///
/// `@unchecked Sendable` is safe: every stored property is an immutable `let` of a
/// `Sendable` type, except `isStopped`, which is read and written only while holding
/// `stopLock` (an `NSLock`, itself `Sendable`).
public final class ThrowawayCluster: @unchecked Sendable {
    /// TCP port the server listens on.
    public let port: Int
    /// Always the IPv4 loopback address, so traffic can be captured on `lo`.
    public let host = "127.0.0.1"
    /// Directory holding the Unix-domain socket (`.s.PGSQL.<port>`); also the scratch root.
    public let socketDirectory: String
    /// The superuser name (always `postgres`, whoever runs the cluster).
    public let superuser = "postgres"
    /// The superuser's password when the cluster was created with SCRAM authentication.
    public let superuserPassword: String?
    /// The cluster's data directory (PGDATA).
    public let dataDirectory: String
    /// Directory of the PostgreSQL programs used (initdb, pg_ctl, psql, pgbench, …).
    public let binDirectory: String
    /// The server log.
    public let logFile: String
    public let options: ClusterOptions

    private let account: ServerAccount
    private let stopLock = NSLock()
    private var isStopped = false

    private init(
        port: Int, scratchDirectory: String, binDirectory: String, account: ServerAccount, options: ClusterOptions
    ) {
        self.port = port
        self.socketDirectory = scratchDirectory
        self.dataDirectory = scratchDirectory + "/data"
        self.logFile = scratchDirectory + "/server.log"
        self.binDirectory = binDirectory
        self.account = account
        self.options = options
        self.superuserPassword = options.superuserPassword
    }

    deinit {
        stop()
    }

    /// Whether `::1` is usable here; tests of `ClusterOptions.ipv6` skip when it is not.
    public static var isIPv6LoopbackAvailable: Bool { LoopbackPort.isIPv6Available }

    // MARK: - Starting

    /// Creates the cluster with initdb and starts it; throws with the server log's tail
    /// when that fails (nothing is left behind on failure).
    public static func start(options: ClusterOptions = .init()) throws(LocalPostgresError) -> ThrowawayCluster {
        for name in options.settings.keys where !isValidSettingName(name) {
            throw .invalidSetting(name: name)
        }
        let binDirectory = try PostgresBinaries.locate()
        let account = try ServerAccount.forCurrentProcess()
        let scratch = try makeScratchDirectory(options: options, account: account)
        do {
            try initializeDataDirectory(scratch: scratch, binDirectory: binDirectory, account: account, options: options)
            if options.ssl { try createCertificate(dataDirectory: scratch + "/data", account: account) }
            try writeConfiguration(scratch: scratch, options: options)
            let port = try startServer(scratch: scratch, binDirectory: binDirectory, account: account, options: options)
            return ThrowawayCluster(port: port, scratchDirectory: scratch, binDirectory: binDirectory, account: account, options: options)
        } catch {
            try? FileManager.default.removeItem(atPath: scratch)
            throw error
        }
    }

    private static func makeScratchDirectory(options: ClusterOptions, account: ServerAccount) throws(LocalPostgresError) -> String {
        // As root the directory must be reachable by `postgres`; $TMPDIR may be private to root.
        let parent = options.parentDirectory ?? (account.switchesUser ? "/tmp" : NSTemporaryDirectory())
        var template = Array((parent as NSString).appendingPathComponent("pgrehearse-" + mkdtempSuffix).utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard created else {
            throw .directoryFailed(path: parent, reason: "mkdtemp failed: \(errnoDescription())")
        }
        let path = template.withUnsafeBufferPointer { buffer in
            String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        do {
            try account.takeOwnership(of: path)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        return path
    }

    private static func initializeDataDirectory(
        scratch: String, binDirectory: String, account: ServerAccount, options: ClusterOptions
    ) throws(LocalPostgresError) {
        var arguments = [
            "-D", scratch + "/data", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions",
        ]
        let passwordFile = scratch + "/superuser-password"
        if let password = options.superuserPassword {
            try writePrivateFile(passwordFile, contents: password + "\n", account: account)
            arguments += ["--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + passwordFile]
        } else {
            arguments += ["-A", "trust"]
        }
        defer { try? FileManager.default.removeItem(atPath: passwordFile) }
        try runServerProgram(binDirectory + "/initdb", arguments, account: account, scratch: scratch)
    }

    private static func createCertificate(dataDirectory: String, account: ServerAccount) throws(LocalPostgresError) {
        let environment = ProcessInfo.processInfo.environment
        guard let openssl = PostgresBinaries.findInPath("openssl", path: environment["PATH"] ?? "/usr/bin:/bin") else {
            throw .toolNotFound(path: "openssl (in PATH)")
        }
        try runServerProgram(openssl, [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "7",
            "-keyout", dataDirectory + "/server.key", "-out", dataDirectory + "/server.crt",
        ], account: account, scratch: (dataDirectory as NSString).deletingLastPathComponent)
        // The server refuses a key readable by group or others.
        guard chmod(dataDirectory + "/server.key", 0o600) == 0 else {
            throw .directoryFailed(path: dataDirectory + "/server.key", reason: "chmod 600 failed: \(errnoDescription())")
        }
    }

    private static func writeConfiguration(scratch: String, options: ClusterOptions) throws(LocalPostgresError) {
        var settings: [(String, String)] = [
            ("listen_addresses", options.ipv6 ? "127.0.0.1,::1" : "127.0.0.1"),
            ("unix_socket_directories", scratch),
            ("fsync", "off"),
            ("synchronous_commit", "off"),
            ("full_page_writes", "off"),
        ]
        if options.ssl { settings.append(("ssl", "on")) }
        if options.statStatements {
            let extra = options.settings["shared_preload_libraries"].map { "," + $0 } ?? ""
            settings.append(("shared_preload_libraries", "pg_stat_statements" + extra))
        }
        for (name, value) in options.settings.sorted(by: { $0.key < $1.key }) {
            if options.statStatements, name == "shared_preload_libraries" { continue }
            settings.append((name, value))
        }
        var text = "\n# Added by pgrehearse for a throwaway cluster.\n"
        for (name, value) in settings {
            text += "\(name) = '\(value.replacingOccurrences(of: "'", with: "''"))'\n"
        }
        let path = scratch + "/data/postgresql.conf"
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw .directoryFailed(path: path, reason: "cannot append settings: \(error)")
        }
    }

    /// Starts the server on a free port, trying another port when one is taken meanwhile.
    private static func startServer(
        scratch: String, binDirectory: String, account: ServerAccount, options: ClusterOptions
    ) throws(LocalPostgresError) -> Int {
        let logFile = scratch + "/server.log"
        var attempt = 0
        while true {
            attempt += 1
            let port = try LoopbackPort.pickFree(alsoOnIPv6: options.ipv6)
            let (executable, arguments) = account.command(binDirectory + "/pg_ctl", [
                "-D", scratch + "/data", "-l", logFile, "-w", "-t", "60", "-o", "-p \(port)", "start",
            ])
            let output = try ProcessRunner.run(executable, arguments, workingDirectory: scratch)
            if output.succeeded { return port }
            let log = tail(of: logFile)
            let portTaken = log.contains("Address already in use") || log.contains("could not bind")
                || log.contains("could not create any TCP/IP sockets")
            if portTaken, attempt < max(1, options.startAttempts) { continue }
            // pg_ctl may give up while the postmaster still runs; never leave it behind.
            stopServer(dataDirectory: scratch + "/data", binDirectory: binDirectory, account: account, scratch: scratch)
            let details = [output.standardError, output.standardOutput, log].filter { !$0.isEmpty }.joined(separator: "\n")
            throw .startFailed(port: port, logTail: details)
        }
    }

    private static func runServerProgram(
        _ program: String, _ arguments: [String], account: ServerAccount, scratch: String
    ) throws(LocalPostgresError) {
        let (executable, fullArguments) = account.command(program, arguments)
        try ProcessRunner.run(executable, fullArguments, workingDirectory: scratch).check()
    }

    private static func writePrivateFile(_ path: String, contents: String, account: ServerAccount) throws(LocalPostgresError) {
        guard FileManager.default.createFile(atPath: path, contents: Data(contents.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw .directoryFailed(path: path, reason: "cannot write the password file")
        }
        try account.takeOwnership(of: path)
    }

    private static func isValidSettingName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_" || scalar == ".")
        }
    }

    /// The last `lineCount` lines of a file, or a note that it cannot be read.
    static func tail(of path: String, lineCount: Int = 25) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "(no log at \(path))" }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.suffix(lineCount + 1).joined(separator: "\n")
    }

    // MARK: - Stopping

    /// Stops the server immediately (`pg_ctl stop -m immediate`) and deletes its directory.
    /// Safe to call more than once and from any thread.
    public func stop() {
        stopLock.lock()
        let alreadyStopped = isStopped
        isStopped = true
        stopLock.unlock()
        guard !alreadyStopped else { return }
        Self.stopServer(dataDirectory: dataDirectory, binDirectory: binDirectory, account: account, scratch: socketDirectory)
        try? FileManager.default.removeItem(atPath: socketDirectory)
    }

    /// Restarts the server in place (`pg_ctl restart -m fast`): every client connection is closed, the
    /// data stays. For tests of clients that must survive a server restart.
    public func restart() throws(LocalPostgresError) {
        let (executable, arguments) = account.command(binDirectory + "/pg_ctl",
                                                      ["-D", dataDirectory, "-m", "fast", "-w", "-l", logFile, "restart"])
        try ProcessRunner.run(executable, arguments, workingDirectory: socketDirectory).check()
    }

    /// Whether `stop()` has been called.
    public var isRunning: Bool {
        stopLock.lock()
        defer { stopLock.unlock() }
        return !isStopped
    }

    private static func stopServer(dataDirectory: String, binDirectory: String, account: ServerAccount, scratch: String) {
        let (executable, arguments) = account.command(binDirectory + "/pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
        let stopped = (try? ProcessRunner.run(executable, arguments, workingDirectory: scratch))?.succeeded ?? false
        guard !stopped else { return }
        // pg_ctl failed (or there was no server); kill a postmaster that may still be there.
        if let pidFile = FileManager.default.contents(atPath: dataDirectory + "/postmaster.pid"),
           let firstLine = String(decoding: pidFile, as: UTF8.self).split(separator: "\n").first,
           let pid = Int32(firstLine.trimmingCharacters(in: .whitespaces)), pid > 0 {
            _ = kill(pid, SIGKILL)
        }
    }

    // MARK: - Clients

    /// A libpq connection string (key=value form) for this cluster. The host defaults to
    /// 127.0.0.1 so the traffic goes over TCP on `lo`, where it can be captured.
    public func connectionString(
        database: String = "postgres", user: String? = nil, password: String? = nil, host: String? = nil
    ) -> String {
        var parts = [
            ("host", host ?? self.host), ("port", String(port)), ("dbname", database), ("user", user ?? superuser),
        ]
        if let password { parts.append(("password", password)) }
        return parts.map { "\($0.0)=\(Self.quoteConnectionValue($0.1))" }.joined(separator: " ")
    }

    /// Quotes a libpq connection-string value when it is empty or has spaces, quotes or backslashes.
    static func quoteConnectionValue(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "'" || $0 == "\\" || $0.isWhitespace }
        guard needsQuotes else { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        return "'\(escaped)'"
    }

    /// The environment `run` gives client programs: PGHOST (127.0.0.1), PGPORT, PGUSER and,
    /// for SCRAM clusters, PGPASSWORD. Inherited `PG*` variables are removed first so
    /// a developer's settings (PGSSLMODE, PGSERVICE, …) cannot leak in.
    public var clientEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        environment["PGHOST"] = host
        environment["PGPORT"] = String(port)
        environment["PGUSER"] = superuser
        environment["PGCONNECT_TIMEOUT"] = "10"
        if let superuserPassword { environment["PGPASSWORD"] = superuserPassword }
        return environment
    }

    /// Runs a program of `binDirectory` (psql, pgbench, createdb, …) against the cluster
    /// and returns its exit code and output without judging them (see `ProcessOutput.check()`).
    ///
    /// - Parameters:
    ///   - environment: added to `clientEnvironment`; an empty value removes the variable
    ///     (for example `["PGPASSWORD": ""]` to connect without the superuser password).
    ///   - input: standard input; none (`/dev/null`) when `nil`.
    public func run(
        _ tool: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil
    ) throws(LocalPostgresError) -> ProcessOutput {
        let path = binDirectory + "/" + tool
        guard !tool.contains("/"), FileManager.default.isExecutableFile(atPath: path) else {
            throw .toolNotFound(path: path)
        }
        var fullEnvironment = clientEnvironment
        for (name, value) in environment {
            fullEnvironment[name] = value.isEmpty ? nil : value
        }
        return try ProcessRunner.run(path, arguments, environment: fullEnvironment, input: input)
    }

    /// Runs SQL (one or more statements) with psql over TCP, stopping at the first error,
    /// and returns the unaligned, tuples-only output without the final newline.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws(LocalPostgresError) -> String {
        let output = try run("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "--dbname=" + database], input: sql).check()
        return output.standardOutput.trimmingTrailingNewlines()
    }

    /// Creates a database owned by the superuser.
    public func createDatabase(_ name: String) throws(LocalPostgresError) {
        try run("createdb", [name]).check()
    }

    /// Creates and fills the pgbench tables (`pgbench -i -s scale`) in `database`.
    @discardableResult
    public func pgbenchInit(database: String = "postgres", scale: Int = 1) throws(LocalPostgresError) -> ProcessOutput {
        try run("pgbench", ["-i", "-q", "-s", String(scale), database]).check()
    }

    /// A new database `name` that is a copy of `template` (`CREATE DATABASE … TEMPLATE`): baseline,
    /// control and candidate copies of one database start identical. `template` must have no connections.
    public func createCopy(of template: String, named name: String) throws(LocalPostgresError) {
        try psql("CREATE DATABASE \(Self.quoteIdentifier(name)) TEMPLATE \(Self.quoteIdentifier(template))")
    }

    /// `name` as a double-quoted SQL identifier.
    public static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A new database `name` holding pgbench's tables at `scale`: what a pgbench capture replays into.
    public func createPgbenchDatabase(_ name: String, scale: Int = 1) throws(LocalPostgresError) {
        try createDatabase(name)
        try pgbenchInit(database: name, scale: scale)
    }
}
