import RunFile
import Workload

/// Compares a replayed outcome with the one production recorded for the same request: the basis of
/// the run summary's fidelity figures (`outcome_mismatches`).
public enum ProductionComparison {
    public static func mismatch(production request: Request, replayed: ReplayOutcome) -> ProductionMismatch {
        mismatch(incomplete: request.flags.contains(.incomplete), sqlState: request.outcome.error?.sqlState,
                 suspended: request.outcome.suspended, tags: request.outcome.commandTags, rows: request.outcome.rows,
                 replayed: replayed)
    }

    /// The same comparison from the production fields a replay keeps of its request (`LoadedRequest`).
    static func mismatch(production loaded: LoadedRequest, replayed: ReplayOutcome) -> ProductionMismatch {
        mismatch(incomplete: loaded.production.incomplete, sqlState: loaded.production.sqlState,
                 suspended: loaded.productionSuspended, tags: loaded.productionTags, rows: loaded.productionRows,
                 replayed: replayed)
    }

    static func mismatch(incomplete: Bool, sqlState: String?, suspended: Bool, tags: [String], rows: UInt64,
                         replayed: ReplayOutcome) -> ProductionMismatch {
        if incomplete { return .productionUnknown }
        var mismatch: ProductionMismatch = []
        if sqlState != replayed.error?.sqlState { mismatch.insert(.sqlState) }
        // Production's row limit suspended the portal; replay ran it whole (libpq has no row limit), so
        // only the SQLSTATE says anything.
        if suspended { return mismatch }
        if !sameCommands(tags, replayed.commandTags) { mismatch.insert(.commandTag) }
        if rows != replayed.rows { mismatch.insert(.rows) }
        return mismatch
    }

    /// A command tag without its counts: `INSERT 0 5` → `INSERT`, `SELECT 3` → `SELECT`.
    public static func tagName(_ tag: String) -> Substring {
        var end = tag.utf8.endIndex
        while let space = tag.utf8[..<end].lastIndex(of: UInt8(ascii: " ")),
              tag.utf8[tag.utf8.index(after: space)..<end].allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            end = space
        }
        return tag[..<end]
    }

    /// Whether two lists of command tags name the same commands, counts aside.
    static func sameCommands(_ a: [String], _ b: [String]) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y && tagName(x) != tagName(y) { return false }
        return true
    }
}
