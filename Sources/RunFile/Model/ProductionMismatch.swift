/// Which parts of a replayed outcome differ from the outcome production recorded for the same
/// request. Empty means the request replayed exactly as in production. Stored in run files.
public struct ProductionMismatch: OptionSet, Sendable, Equatable, Hashable {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The command tags differ (ignoring the row counts in them).
    public static let commandTag = ProductionMismatch(rawValue: 1 << 0)
    /// The row count differs.
    public static let rows = ProductionMismatch(rawValue: 1 << 1)
    /// The SQLSTATE differs (including an error on one side only).
    public static let sqlState = ProductionMismatch(rawValue: 1 << 2)
    /// Production's outcome is unknown (the capture ended first), so nothing could be compared.
    public static let productionUnknown = ProductionMismatch(rawValue: 1 << 3)

    /// True when the command tag, the rows or the SQLSTATE differ.
    public var isMismatch: Bool { !intersection([.commandTag, .rows, .sqlState]).isEmpty }

    /// snake_case names of the set bits.
    public var names: [String] {
        var names: [String] = []
        if contains(.commandTag) { names.append("command_tag") }
        if contains(.rows) { names.append("rows") }
        if contains(.sqlState) { names.append("sqlstate") }
        if contains(.productionUnknown) { names.append("production_unknown") }
        return names
    }
}
