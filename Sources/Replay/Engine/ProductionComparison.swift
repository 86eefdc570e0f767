import Workload

/// Compares a replayed outcome with the one production recorded for the same request: the basis of
/// the run summary's fidelity figures (`outcome_mismatches`).
public enum ProductionComparison {
    public static func mismatch(production request: Request, replayed: ReplayOutcome) -> ProductionMismatch {
        if request.flags.contains(.incomplete) { return .productionUnknown }
        var mismatch: ProductionMismatch = []
        if request.outcome.error?.sqlState != replayed.error?.sqlState { mismatch.insert(.sqlState) }
        if request.outcome.commandTags.map(tagName) != replayed.commandTags.map(tagName) { mismatch.insert(.commandTag) }
        if request.outcome.rows != replayed.rows { mismatch.insert(.rows) }
        return mismatch
    }

    /// A command tag without its counts: `INSERT 0 5` → `INSERT`, `SELECT 3` → `SELECT`.
    public static func tagName(_ tag: String) -> Substring {
        var name = Substring(tag)
        while let space = name.lastIndex(of: " "), name[name.index(after: space)...].allSatisfy(\.isNumber) {
            name = name[..<space]
        }
        return name
    }
}
