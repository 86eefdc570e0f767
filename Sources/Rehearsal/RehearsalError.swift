/// Why a rehearsal (the demo, later a scenario) could not run to its verdicts. Wraps the failing stage's
/// own error, whose message already says what to do.
public enum RehearsalError: Error, Sendable, CustomStringConvertible {
    /// A stage failed: `stage` names it ("import", "replay into bench_baseline", ...).
    case stageFailed(stage: String, reason: String)
    /// A migration file is missing or unreadable.
    case migrationUnreadable(path: String, reason: String)
    /// A migration failed to apply (its SQL error).
    case migrationFailed(name: String, reason: String)

    public var description: String {
        switch self {
        case .stageFailed(let stage, let reason): "\(stage) failed: \(reason)"
        case .migrationUnreadable(let path, let reason): "cannot read migration \(path): \(reason)"
        case .migrationFailed(let name, let reason): "migration \(name) failed to apply: \(reason)"
        }
    }

    /// Runs `body`, turning any error into `.stageFailed(stage:)`.
    static func stage<T>(_ stage: String, _ body: () throws -> T) throws(RehearsalError) -> T {
        do {
            return try body()
        } catch let error as RehearsalError {
            throw error
        } catch {
            throw .stageFailed(stage: stage, reason: "\(error)")
        }
    }
}
