/// What the request-by-request pairing found for one fingerprint: the paired service times (baseline
/// with candidate, baseline with control), error changes and result differences.
struct PairedTally: Sendable {
    /// Service times (ms) of requests executed in both baseline and candidate, index-aligned.
    var baseline: [Double] = []
    var candidate: [Double] = []
    /// The same for baseline and control.
    var controlBaseline: [Double] = []
    var control: [Double] = []
    /// Error changes against the baseline, by the SQLSTATE that counts (see `ErrorChange`).
    var candidateErrors: [String: ErrorTally] = [:]
    var controlErrors: [String: ErrorTally] = [:]
    /// Pairs whose results were compared, and those that differ.
    var resultsCompared = 0
    var resultsDiffering = 0
    var controlResultsCompared = 0
    var controlResultsDiffering = 0
    /// A few differing pairs, for examples: (baseline, candidate).
    var differingExamples: [(CompactOutcome, CompactOutcome)] = []
}

/// Counts of one SQLSTATE's changes for one fingerprint.
struct ErrorTally: Sendable {
    var new = 0
    var fixed = 0
    var changed = 0
    /// Intern index of an example error (in `ComparisonTables.errors`).
    var example: UInt32 = 0
}

extension PairedTally {
    /// Records the error change between a baseline outcome and another run's, if any.
    static func recordErrors(_ base: CompactOutcome, _ other: CompactOutcome, tables: ComparisonTables,
                             into tallies: inout [String: ErrorTally]) {
        guard base.error != other.error else { return }
        let baseState = base.error == 0 ? nil : tables.errors[base.error].sqlState
        let otherState = other.error == 0 ? nil : tables.errors[other.error].sqlState
        switch (baseState, otherState) {
        case (nil, let state?):
            tallies[state, default: ErrorTally()].new += 1
            if tallies[state]?.example == 0 { tallies[state]?.example = other.error }
        case (let state?, nil):
            tallies[state, default: ErrorTally()].fixed += 1
            if tallies[state]?.example == 0 { tallies[state]?.example = base.error }
        case (let before?, let after?) where before != after:
            tallies[after, default: ErrorTally()].changed += 1
            if tallies[after]?.example == 0 { tallies[after]?.example = other.error }
        default:
            break // same SQLSTATE, another message (a different key value, say): not a change
        }
    }

    /// What differs between two successful outcomes' results: command tags, rows, checksum.
    static func resultDifferences(_ base: CompactOutcome, _ other: CompactOutcome, ordered: Bool) -> [String] {
        guard base.error == 0, other.error == 0 else { return [] }
        var differences: [String] = []
        if base.tags != other.tags { differences.append("command_tag") }
        if base.rows != other.rows { differences.append("rows") }
        let sameRows = ordered ? base.orderedChecksum == other.orderedChecksum
                               : base.unorderedChecksum == other.unorderedChecksum
        if !sameRows { differences.append("checksum") }
        return differences
    }
}
