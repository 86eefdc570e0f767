/// Why a replay could not start or had to stop; each message is one line a user can act on.
public enum ReplayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The workload file could not be read (the workload format's own message).
    case workload(String)
    /// `--target` is not a valid libpq connection string or URI.
    case invalidTarget(String)
    /// The target refused or could not be reached.
    case cannotConnect(target: String, reason: String)
    /// The workload writes and the target is the server it was captured from.
    case targetIsCapturedServer(target: String, writes: UInt64)
    /// The run file could not be written.
    case runFile(String)
    /// A replay thread could not be started or a system call failed.
    case system(String)

    public var description: String {
        switch self {
        case .workload(let message):
            return message
        case .invalidTarget(let reason):
            return "invalid --target: \(reason)"
        case .cannotConnect(let target, let reason):
            return "cannot connect to the target \(target): \(reason)"
        case .targetIsCapturedServer(let target, let writes):
            return "refusing to replay \(writes) writing requests against \(target), the server the workload was captured from;"
                + " replay against a copy, or pass --allow-writes-to-captured-server"
        case .runFile(let message):
            return message
        case .system(let message):
            return message
        }
    }
}
