import RunFile

/// Why `compare` could not decide (exit status 2): unreadable or damaged run files, runs that cannot be
/// compared with each other, a bad gate file. Each message says what to do.
public enum ComparisonError: Error, Sendable, CustomStringConvertible {
    /// A run file could not be read (missing, damaged, not a run file).
    case unreadableRun(RunFileError)
    /// The runs replayed different workloads, shards or filters.
    case incompatibleRuns(String)
    /// Too few of the requests ran in both runs to judge the migration.
    case insufficientCoverage(String)
    /// The gate file could not be read or has an invalid value.
    case invalidGate(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableRun(let error): error.description
        case .incompatibleRuns(let reason): "the runs cannot be compared: \(reason)"
        case .insufficientCoverage(let reason): "cannot decide: \(reason)"
        case .invalidGate(let path, let reason): "invalid gate file \(path): \(reason)"
        }
    }
}
