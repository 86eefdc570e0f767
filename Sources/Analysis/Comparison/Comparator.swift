import RunFile
import SQLFingerprint

/// Compares a candidate run with a baseline run (and a control run against an identical baseline copy)
/// request by request, and decides the gate: the engine behind `pgrehearse compare`. Reads the run
/// files; everything else is pure computation on what they hold.
public enum Comparator {
    /// What to compare and how.
    public struct Inputs: Sendable {
        public var baseline: String
        public var candidate: String
        public var control: String?
        public var policy: GatePolicy
        /// Result-difference examples kept in the report.
        public var maximumExamples: Int

        public init(baseline: String, candidate: String, control: String? = nil, policy: GatePolicy = GatePolicy(),
                    maximumExamples: Int = 20) {
            self.baseline = baseline
            self.candidate = candidate
            self.control = control
            self.policy = policy
            self.maximumExamples = maximumExamples
        }
    }

    /// Reads the runs, pairs their requests and decides. Throws when the runs cannot be read or
    /// compared, or when too few requests ran in both to decide.
    public static func compare(_ inputs: Inputs) throws(ComparisonError) -> ComparisonReport {
        var tables = ComparisonTables()
        let runs = try LoadedRun.loadAll(paths: [inputs.baseline, inputs.candidate] + (inputs.control.map { [$0] } ?? []),
                                         tables: &tables)
        let baseline = runs[0], candidate = runs[1]
        let control = runs.count > 2 ? runs[2] : nil
        try checkCompatible(baseline, candidate, control)
        return try compare(baseline: baseline, candidate: candidate, control: control, tables: tables, inputs: inputs)
    }

    /// Refuses runs of different workloads, shards or request filters: their requests do not correspond.
    static func checkCompatible(_ baseline: LoadedRun, _ candidate: LoadedRun, _ control: LoadedRun?) throws(ComparisonError) {
        for other in [candidate, control].compactMap({ $0 }) {
            let a = baseline.header, b = other.header
            if a.workloadHash != b.workloadHash {
                throw .incompatibleRuns("\(baseline.path) and \(other.path) replayed different workloads "
                    + "(workload hashes \(Fingerprint(a.workloadHash)) and \(Fingerprint(b.workloadHash))); replay the same workload file")
            }
            if a.shards != b.shards || a.shardCount != b.shardCount {
                throw .incompatibleRuns("\(baseline.path) and \(other.path) hold different shards of the workload "
                    + "(\(describeShards(a)) and \(describeShards(b))); merge all shards of each run first (pgrehearse merge)")
            }
            if a.filters != b.filters {
                throw .incompatibleRuns("\(baseline.path) and \(other.path) were replayed with different request filters "
                    + "([\(a.filters.joined(separator: ", "))] and [\(b.filters.joined(separator: ", "))]); replay with the same options")
            }
        }
    }

    static func describeShards(_ header: RunHeader) -> String {
        header.shardCount <= 1 && header.mergedShards.isEmpty ? "all shards"
            : "shard(s) \(header.shards.map { String($0 + 1) }.joined(separator: ",")) of \(header.shardCount)"
    }

    // MARK: - Pairing

    /// The pairing of two runs: per fingerprint tallies and how many requests could not be paired.
    struct Pairing {
        var tallies: [PairedTally]
        var paired = 0
        var unpaired = 0
    }

    /// Walks two key-sorted runs together, tallying every request executed in both.
    static func pair(_ base: LoadedRun, _ other: LoadedRun, isControl: Bool, tables: ComparisonTables,
                     ordered: [Bool], tallies: inout [PairedTally], examplesPerFingerprint: Int) -> (paired: Int, unpaired: Int) {
        var paired = 0, unpaired = 0
        var i = 0, j = 0
        let a = base.outcomes, b = other.outcomes
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i].key < b[j].key) {
                unpaired += 1; i += 1; continue
            }
            if i == a.count || b[j].key < a[i].key {
                unpaired += 1; j += 1; continue
            }
            let x = a[i], y = b[j]
            i += 1; j += 1
            guard x.executed, y.executed else {
                if x.status != .skipped || y.status != .skipped { unpaired += 1 }
                continue
            }
            paired += 1
            let f = Int(x.fingerprint)
            let differences = PairedTally.resultDifferences(x, y, ordered: ordered[f])
            if isControl {
                tallies[f].controlBaseline.append(x.serviceMilliseconds)
                tallies[f].control.append(y.serviceMilliseconds)
                PairedTally.recordErrors(x, y, tables: tables, into: &tallies[f].controlErrors)
                if x.error == 0, y.error == 0 {
                    tallies[f].controlResultsCompared += 1
                    if !differences.isEmpty { tallies[f].controlResultsDiffering += 1 }
                }
            } else {
                tallies[f].baseline.append(x.serviceMilliseconds)
                tallies[f].candidate.append(y.serviceMilliseconds)
                PairedTally.recordErrors(x, y, tables: tables, into: &tallies[f].candidateErrors)
                if x.error == 0, y.error == 0 {
                    tallies[f].resultsCompared += 1
                    if !differences.isEmpty {
                        tallies[f].resultsDiffering += 1
                        if tallies[f].differingExamples.count < examplesPerFingerprint {
                            tallies[f].differingExamples.append((x, y))
                        }
                    }
                }
            }
        }
        return (paired, unpaired)
    }

    // MARK: - The comparison

    static func compare(baseline: LoadedRun, candidate: LoadedRun, control: LoadedRun?, tables: ComparisonTables,
                        inputs: Inputs) throws(ComparisonError) -> ComparisonReport {
        let policy = inputs.policy
        let fingerprintCount = tables.fingerprints.count
        var statements: [UInt64: String] = [:]
        for run in [baseline, candidate, control].compactMap({ $0 }) {
            statements.merge(run.statements) { first, _ in first }
        }
        let texts = tables.fingerprints.values.map { statements[$0] ?? "" }
        let ordered = texts.map { StatementClassifier.ordersResults($0) ?? false }
        let volatile = texts.map { StatementClassifier.callsVolatileFunction($0) ?? false }

        var tallies = Array(repeating: PairedTally(), count: fingerprintCount)
        let perFingerprint = 3
        let (paired, unpaired) = pair(baseline, candidate, isControl: false, tables: tables, ordered: ordered,
                                      tallies: &tallies, examplesPerFingerprint: perFingerprint)
        if let control {
            _ = pair(baseline, control, isControl: true, tables: tables, ordered: ordered, tallies: &tallies,
                     examplesPerFingerprint: 0)
        }
        let baselineExecuted = baseline.outcomes.reduce(0) { $0 + ($1.executed ? 1 : 0) }
        guard paired > 0 else {
            throw .insufficientCoverage("no request was executed in both \(baseline.path) and \(candidate.path); "
                + "check that both replays ran (pgrehearse inspect RUN) and replay again")
        }
        if Double(paired) < 0.5 * Double(baselineExecuted) {
            throw .insufficientCoverage("only \(paired) of the \(baselineExecuted) requests executed in the baseline also "
                + "executed in the candidate; the candidate run is incomplete (interrupted, or its target went away): replay it again")
        }

        // Distributions per run.
        let runs = [baseline, candidate] + (control.map { [$0] } ?? [])
        let longest = runs.map { run in run.outcomes.reduce(Int64(0)) { max($0, $1.completedOffset) } }.max() ?? 0
        let bucketSeconds = Timeline.bucketWidth(forSeconds: Double(longest) / 1e9)
        let buckets = max(1, Int((Double(longest) / 1e9 / bucketSeconds).rounded(.up)))
        let statistics = runs.map { RunStatistics(run: $0, tables: tables, bucketSeconds: bucketSeconds, buckets: buckets) }

        let evaluation = GateEvaluation(
            policy: policy, tables: tables, texts: texts, ordered: ordered, volatile: volatile, tallies: tallies,
            baseline: statistics[0], candidate: statistics[1], control: statistics.count > 2 ? statistics[2] : nil)
        let outcome = evaluation.evaluate()

        var notes = outcome.notes
        notes.append(contentsOf: runNotes(baseline: baseline, candidate: candidate, control: control,
                                          unpaired: unpaired))
        let examples = resultExamples(tallies: tallies, order: outcome.rows.map(\.fingerprint), tables: tables,
                                      ordered: ordered, limit: inputs.maximumExamples)
        let sqlStates = Set(statistics.flatMap { $0.errorsBySQLState.keys }).sorted()
        let errorsBySQLState = sqlStates.map { state in
            SQLStateCounts(sqlState: state, conditionName: SQLStateNames.name(of: state),
                           baseline: statistics[0].errorsBySQLState[state] ?? 0,
                           candidate: statistics[1].errorsBySQLState[state] ?? 0,
                           control: statistics.count > 2 ? statistics[2].errorsBySQLState[state] ?? 0 : nil)
        }
        let workload = WorkloadComparison(
            baselineOutcomes: baseline.outcomes.count, candidateOutcomes: candidate.outcomes.count,
            controlOutcomes: control?.outcomes.count, pairedRequests: paired, unpairedRequests: unpaired,
            fingerprints: outcome.rows.count, baselineTotalMs: outcome.baselineTotalMs,
            candidateTotalMs: outcome.candidateTotalMs, controlTotalMs: outcome.controlTotalMs,
            weightedChange: outcome.weightedChange, weightedChangeInterval: outcome.weightedChangeInterval,
            baseline: statistics[0].whole.summary(confidence: policy.confidence, seed: 1),
            candidate: statistics[1].whole.summary(confidence: policy.confidence, seed: 2),
            control: statistics.count > 2 ? statistics[2].whole.summary(confidence: policy.confidence, seed: 3) : nil)
        let timeline = Timeline(bucketSeconds: bucketSeconds, baseline: statistics[0].timeline,
                                candidate: statistics[1].timeline, control: statistics.count > 2 ? statistics[2].timeline : nil)
        return ComparisonReport(
            verdict: outcome.reasons.isEmpty ? .pass : .fail, reasons: outcome.reasons, notes: notes,
            fingerprints: outcome.rows, workload: workload, errorsBySQLState: errorsBySQLState, resultExamples: examples,
            timeline: timeline, noise: outcome.noise, policy: policy,
            runs: ComparedRuns(baseline: RunDescription(baseline), candidate: RunDescription(candidate),
                               control: control.map(RunDescription.init)))
    }

    /// Sentences about the runs themselves: incomplete runs, different speeds, a replaying machine that
    /// ran late, requests not compared.
    static func runNotes(baseline: LoadedRun, candidate: LoadedRun, control: LoadedRun?, unpaired: Int) -> [String] {
        var notes: [String] = []
        let roles = [("baseline", baseline), ("candidate", candidate)] + (control.map { [("control", $0)] } ?? [])
        for (role, run) in roles {
            if run.cutShort != nil {
                notes.append("The \(role) run file \(run.path) was cut short (the replay was killed); only the requests before the cut were compared.")
            } else if run.trailer?.interrupted == true {
                notes.append("The \(role) replay was interrupted (Ctrl-C); requests it did not send were not compared.")
            }
        }
        let speeds = Set(roles.map(\.1.header.speed))
        if speeds.count > 1 {
            notes.append("The runs were replayed at different speeds; latencies under different loads are not comparable. Replay all runs with the same --speed.")
        }
        let late = roles.compactMap { role, run in
            run.trailer?.replayerLagP99Ms.map { (role, $0) }
        }
        if late.contains(where: { $0.1 > RunTrailer.onTimeReplayerLagMs }) {
            let figures = late.map { "\($0.0) \(Format.milliseconds($0.1))" }.joined(separator: ", ")
            notes.append("The replaying machine itself ran late (the replayer's own send lag p99: \(figures)). A machine that sends late also reads answers late, and that time counts in the service times compared, so latency differences of that size may be the replaying machine's, not the migration's. Replay on a less busy machine, or spread the sessions over machines with --shard.")
        }
        if unpaired > 0 {
            notes.append("\(unpaired) requests ran in only one of baseline and candidate (lost or cancelled connections) and were not compared.")
        }
        if control == nil {
            notes.append("No control run: the noise between identical copies and nondeterministic statements were not measured. Replay a second baseline copy and pass it with --control for a sounder verdict.")
        }
        return notes
    }

    /// Up to `limit` differing requests, spread over the fingerprints in report order.
    static func resultExamples(tallies: [PairedTally], order: [Fingerprint], tables: ComparisonTables, ordered: [Bool],
                               limit: Int) -> [ResultDifferenceExample] {
        var indexByFingerprint: [UInt64: Int] = [:]
        for (index, value) in tables.fingerprints.values.enumerated() { indexByFingerprint[value] = index }
        var examples: [ResultDifferenceExample] = []
        for fingerprint in order {
            guard let index = indexByFingerprint[fingerprint.value] else { continue }
            for (base, other) in tallies[index].differingExamples {
                guard examples.count < limit else { return examples }
                examples.append(ResultDifferenceExample(
                    fingerprint: fingerprint, session: UInt32(base.key >> 32), sequence: UInt32(truncatingIfNeeded: base.key),
                    differences: PairedTally.resultDifferences(base, other, ordered: ordered[index]),
                    baseline: shape(base, tables: tables, ordered: ordered[index]),
                    candidate: shape(other, tables: tables, ordered: ordered[index]),
                    statementWithValues: nil))
            }
        }
        return examples
    }

    static func shape(_ outcome: CompactOutcome, tables: ComparisonTables, ordered: Bool) -> ResultShape {
        let error = outcome.error == 0 ? nil : tables.errors[outcome.error]
        return ResultShape(commandTags: tables.tagLists[outcome.tags], rows: outcome.rows,
                           checksum: Fingerprint(ordered ? outcome.orderedChecksum : outcome.unorderedChecksum).description,
                           sqlState: error?.sqlState, errorMessage: error?.message)
    }
}

extension Timeline {
    /// A round bucket width (0.1, 0.2, 0.5, 1, 2, 5, 10, ... s) giving at most about 120 buckets.
    static func bucketWidth(forSeconds seconds: Double) -> Double {
        let target = max(seconds, 0.001) / 120
        var width = 0.001
        let steps = [1.0, 2.0, 5.0]
        while true {
            for step in steps where width * step >= target { return width * step }
            width *= 10
        }
    }
}
