import ArgumentParser
import Foundation
import LocalPostgres

/// `pgrehearse sandbox`: a throwaway PostgreSQL 15 cluster for trying things out, benchmarks and demos.
struct SandboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run a command against a throwaway local PostgreSQL 15 cluster, then remove the cluster.",
        discussion: """
            Starts a cluster in a temporary directory on a free loopback port (as the postgres user when \
            run as root), runs COMMAND with PGHOST, PGPORT, PGUSER and PGDATABASE pointing at it, stops and \
            removes the cluster, and exits with COMMAND's status. Without COMMAND it prints the connection \
            string and waits for Ctrl-C.
            """)

    @Option(help: "Create this database and make it PGDATABASE.")
    var database: String?

    @Flag(help: "Serve TLS with a self-signed certificate.")
    var ssl = false

    @Option(help: "Require SCRAM-SHA-256 authentication with this superuser password.")
    var password: String?

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "A postgresql.conf setting, repeatable (for example --set max_connections=1100).", valueName: "name=value"))
    var settings: [String] = []

    @Argument(parsing: .postTerminator, help: "The command to run (after --).")
    var command: [String] = []

    func validate() throws {
        _ = try parsedSettings()
    }

    /// `--set` values as postgresql.conf settings; a value without `=` or with an empty name is refused.
    private func parsedSettings() throws -> [String: String] {
        var parsed: [String: String] = [:]
        for setting in settings {
            guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else {
                throw ValidationError("--set takes name=value, for example --set max_connections=1100 (got \"\(setting)\")")
            }
            let value = String(setting[setting.index(after: equals)...])
            guard !value.contains(where: \.isNewline) else { throw ValidationError("--set: a value cannot span lines") }
            parsed[String(setting[..<equals])] = value
        }
        return parsed
    }

    func run() throws {
        let options = ClusterOptions(superuserPassword: password, ssl: ssl, settings: try parsedSettings())
        let cluster = try ThrowawayCluster.start(options: options)
        defer { cluster.stop() }
        if let database { try cluster.createDatabase(database) }
        var environment = cluster.clientEnvironment
        if let database { environment["PGDATABASE"] = database }
        guard let executable = command.first else {
            print(cluster.connectionString(database: database ?? "postgres"))
            StandardError.line("pgrehearse: sandbox running; Ctrl-C stops and removes it")
            let interrupted = DispatchSemaphore(value: 0)
            signal(SIGINT, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
            source.setEventHandler { interrupted.signal() }
            source.resume()
            interrupted.wait()
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + command.dropFirst()
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        let status = process.terminationStatus
        if status != 0 { throw ExitCode(status) }
    }
}
