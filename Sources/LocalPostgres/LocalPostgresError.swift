/// Why a throwaway PostgreSQL cluster could not be created, started or used.
///
/// Each message starts with one line saying what to do; server failures append the
/// last lines of the server log.
public enum LocalPostgresError: Error, Sendable, CustomStringConvertible {
    /// No PostgreSQL server binaries (initdb, pg_ctl, postgres) in any searched directory.
    case binariesNotFound(searched: [String])
    /// A client or server program is missing from the binary directory.
    case toolNotFound(path: String)
    /// Running as root, where initdb refuses to run, and there is no `postgres` user to switch to.
    case postgresUserMissing
    /// Running as root but `runuser` (util-linux) is not installed.
    case runuserMissing(searched: [String])
    /// The scratch directory for the cluster could not be created or prepared.
    case directoryFailed(path: String, reason: String)
    /// A program could not be launched at all.
    case launchFailed(executable: String, reason: String)
    /// A program ran and exited unsuccessfully.
    case commandFailed(command: String, exitCode: Int32, output: String)
    /// A server setting name that cannot be written to postgresql.conf.
    case invalidSetting(name: String)
    /// No free TCP port on the loopback interface.
    case noFreePort(reason: String)
    /// The server did not start; `logTail` holds the end of its log.
    case startFailed(port: Int, logTail: String)

    public var description: String {
        switch self {
        case .binariesNotFound(let searched):
            return "PostgreSQL server binaries (initdb, pg_ctl) not found in \(searched.joined(separator: ", ")): "
                + "install postgresql-15 (apt-get install postgresql) or set PGREHEARSE_PG_BIN to the directory holding initdb"
        case .toolNotFound(let path):
            return "\(path) does not exist or is not executable: install the PostgreSQL client and contrib programs "
                + "(apt-get install postgresql postgresql-contrib) or point PGREHEARSE_PG_BIN at a complete installation"
        case .postgresUserMissing:
            return "running as root, but initdb refuses root and there is no 'postgres' user to run it as: "
                + "create one (useradd --system --create-home postgres) or run as an ordinary user"
        case .runuserMissing(let searched):
            return "running as root, but runuser is not installed (looked in \(searched.joined(separator: ", "))): "
                + "install util-linux or run as an ordinary user"
        case let .directoryFailed(path, reason):
            return "cannot prepare the cluster directory \(path): \(reason); set TMPDIR to a writable directory"
        case let .launchFailed(executable, reason):
            return "cannot run \(executable): \(reason)"
        case let .commandFailed(command, exitCode, output):
            let trimmed = output.trimmingTrailingNewlines()
            return "\(command) failed with exit code \(exitCode)" + (trimmed.isEmpty ? "" : ":\n" + trimmed)
        case .invalidSetting(let name):
            return "'\(name)' is not a valid PostgreSQL setting name: use letters, digits, '_' and '.' only"
        case .noFreePort(let reason):
            return "no free TCP port on 127.0.0.1: \(reason)"
        case let .startFailed(port, logTail):
            return "PostgreSQL did not start on port \(port); the end of its log follows:\n" + logTail.trimmingTrailingNewlines()
        }
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var result = Substring(self)
        while let last = result.last, last == "\n" || last == "\r" { result = result.dropLast() }
        return String(result)
    }
}
