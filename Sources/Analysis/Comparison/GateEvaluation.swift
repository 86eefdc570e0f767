#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The gate's decisions: for every fingerprint, whether its errors, results or latency fail the gate
/// under the policy, and why, in sentences a reviewer can check against the figures. Pure.
struct GateEvaluation {
    let policy: GatePolicy
    let tables: ComparisonTables
    /// Normalized text, whether results are ordered, whether the statement calls volatile functions;
    /// all by dense fingerprint index.
    let texts: [String]
    let ordered: [Bool]
    let volatile: [Bool]
    let tallies: [PairedTally]
    let baseline: RunStatistics
    let candidate: RunStatistics
    let control: RunStatistics?

    /// Everything decided.
    struct Outcome {
        var rows: [FingerprintComparison]
        var reasons: [GateReason]
        var notes: [String]
        var noise: NoiseSummary?
        var baselineTotalMs: Double
        var candidateTotalMs: Double
        var controlTotalMs: Double?
        var weightedChange: Double
        var weightedChangeInterval: ClosedRange<Double>
    }

    /// A fingerprint's reasons with the sort keys that order them in the report.
    private struct RankedReason {
        var reason: GateReason
        var share: Double
    }

    func evaluate() -> Outcome {
        let count = tables.fingerprints.count
        let indexes = (0..<count).filter { baseline.fingerprints[$0].executed > 0 || candidate.fingerprints[$0].executed > 0 }

        // Latency changes, then Benjamini–Hochberg over the candidate's p-values.
        var changes: [LatencyChange?] = Array(repeating: nil, count: count)
        var controlChanges: [LatencyChange?] = Array(repeating: nil, count: count)
        for index in indexes {
            let fingerprint = Fingerprint(tables.fingerprints[UInt32(index)])
            let thresholds = policy.thresholds(for: fingerprint)
            let seed = fingerprint.value
            changes[index] = PairedLatency.change(
                baseline: tallies[index].baseline, other: tallies[index].candidate, minimumSamples: thresholds.minimumSamples,
                maximumPairs: policy.maximumPairs, confidence: policy.confidence, seed: seed)
            if control != nil {
                controlChanges[index] = PairedLatency.change(
                    baseline: tallies[index].controlBaseline, other: tallies[index].control,
                    minimumSamples: thresholds.minimumSamples, maximumPairs: policy.maximumPairs,
                    confidence: policy.confidence, seed: seed &+ 7)
            }
        }
        adjust(&changes, indexes: indexes)
        adjust(&controlChanges, indexes: indexes)
        let common = Self.commonRatio(changes.compactMap { $0?.ratio })

        // Shares of the paired baseline time.
        let pairedBaseline = tallies.map { $0.baseline.reduce(0, +) }
        let pairedCandidate = tallies.map { $0.candidate.reduce(0, +) }
        let baselineTotal = pairedBaseline.reduce(0, +)
        let candidateTotal = pairedCandidate.reduce(0, +)
        let share: (Int) -> Double = { baselineTotal > 0 ? pairedBaseline[$0] / baselineTotal : 0 }

        var rows: [FingerprintComparison] = []
        var ranked: [RankedReason] = []
        var notes: [String] = []
        var allowedChanges = 0
        for index in indexes {
            let fingerprint = Fingerprint(tables.fingerprints[UInt32(index)])
            let decision = decide(index: index, fingerprint: fingerprint, change: changes[index],
                                  controlChange: controlChanges[index], commonRatio: common)
            ranked.append(contentsOf: decision.reasons.map { RankedReason(reason: $0, share: share(index)) })
            if decision.status == .allowed { allowedChanges += 1 }
            let seed = fingerprint.value
            rows.append(FingerprintComparison(
                fingerprint: fingerprint, statement: texts[index], status: decision.status,
                pairedCalls: tallies[index].baseline.count, baselineCalls: baseline.fingerprints[index].executed,
                candidateCalls: candidate.fingerprints[index].executed, shareOfTime: share(index),
                baseline: baseline.fingerprints[index].summary(confidence: policy.confidence, seed: seed),
                candidate: candidate.fingerprints[index].summary(confidence: policy.confidence, seed: seed &+ 1),
                control: control?.fingerprints[index].summary(confidence: policy.confidence, seed: seed &+ 2),
                latency: changes[index], controlLatency: controlChanges[index], errors: decision.errors,
                results: decision.results))
        }
        // Critical statements that never ran cannot be judged.
        let present = Set(rows.map(\.fingerprint))
        for critical in policy.criticalFingerprints where !present.contains(critical) {
            ranked.append(RankedReason(reason: GateReason(
                kind: .latency, fingerprint: critical, statement: "",
                summary: "Critical statement \(critical) did not run in the compared runs, so it cannot be judged.",
                figures: ["paired_requests": .number(0)]), share: 1))
        }

        // The workload as a whole.
        let weighted = weightedChange(indexes: indexes, changes: changes, pairedBaseline: pairedBaseline,
                                      pairedOther: pairedCandidate, total: baselineTotal)
        var noise: NoiseSummary?
        var controlTotal: Double?
        if control != nil {
            let pairedControlBaseline = tallies.map { $0.controlBaseline.reduce(0, +) }
            let pairedControl = tallies.map { $0.control.reduce(0, +) }
            controlTotal = pairedControl.reduce(0, +)
            let controlWeighted = weightedChange(indexes: indexes, changes: controlChanges, pairedBaseline: pairedControlBaseline,
                                                 pairedOther: pairedControl, total: pairedControlBaseline.reduce(0, +))
            noise = noiseSummary(indexes: indexes, controlChanges: controlChanges, weighted: controlWeighted.value)
        }
        // Two identical copies differing by x in either direction say runs drift by about x.
        let allowance = abs(noise?.weightedChange ?? 0)
        if weighted.interval.lowerBound > policy.workloadThreshold + allowance {
            ranked.append(RankedReason(reason: GateReason(
                kind: .latency, fingerprint: nil, statement: "",
                summary: "The workload's total time grows by \(Format.percent(weighted.value)) "
                    + "(\(Format.percent(policy.confidence, digits: 0)) interval \(Format.percent(weighted.interval.lowerBound)) to "
                    + "\(Format.percent(weighted.interval.upperBound))), above the \(Format.percent(policy.workloadThreshold, digits: 0)) threshold"
                    + (noise.map { " plus the \(Format.percent(abs($0.weightedChange))) by which identical copies differ" } ?? "") + ".",
                figures: ["weighted_change": .number(weighted.value), "weighted_change_low": .number(weighted.interval.lowerBound),
                          "weighted_change_high": .number(weighted.interval.upperBound),
                          "threshold": .number(policy.workloadThreshold), "control_weighted_change": .number(noise?.weightedChange ?? 0)]),
                share: 0))
        }

        if allowedChanges > 0 {
            notes.append("\(allowedChanges) statement(s) changed in ways the gate file allows; see their rows marked \"allowed\".")
        }
        let fixed = rows.flatMap(\.errors).filter { $0.fixed > 0 }
        if !fixed.isEmpty {
            let byState = Dictionary(grouping: fixed, by: \.sqlState).mapValues { $0.reduce(0) { $0 + $1.fixed } }
            notes.append("Errors that fail on the baseline but not on the candidate: "
                + byState.sorted { $0.key < $1.key }.map { "\($0.key) in \($0.value) request(s)" }.joined(separator: ", ") + ".")
        }
        let nondeterministic = rows.filter { $0.status == .nondeterministic }
        if !nondeterministic.isEmpty {
            notes.append("\(nondeterministic.count) statement(s) return different results on identical copies (now(), random(), sequences or concurrency); their results were not compared.")
        }

        if let note = uniformSlowdownNote(rows) { notes.append(note) }

        rows.sort { lhs, rhs in
            let l = FingerprintStatus.allCases.firstIndex(of: lhs.status) ?? 0
            let r = FingerprintStatus.allCases.firstIndex(of: rhs.status) ?? 0
            if lhs.status.fails != rhs.status.fails { return lhs.status.fails }
            if lhs.status.fails && l != r { return l < r }
            if lhs.shareOfTime != rhs.shareOfTime { return lhs.shareOfTime > rhs.shareOfTime }
            return lhs.fingerprint < rhs.fingerprint
        }
        let kindOrder: [GateReason.Kind] = [.errors, .results, .latency]
        ranked.sort { lhs, rhs in
            let l = kindOrder.firstIndex(of: lhs.reason.kind) ?? 0, r = kindOrder.firstIndex(of: rhs.reason.kind) ?? 0
            if l != r { return l < r }
            return lhs.share > rhs.share
        }
        return Outcome(rows: rows, reasons: ranked.map(\.reason), notes: notes, noise: noise, baselineTotalMs: baselineTotal,
                       candidateTotalMs: candidateTotal, controlTotalMs: controlTotal, weightedChange: weighted.value,
                       weightedChangeInterval: weighted.interval)
    }

    /// The median ratio over statements with enough data, when there are at least four of them; else 1.
    /// A change every statement shares comes from the run (the machine was slower while the candidate
    /// replayed), not from a migration, which touches some tables: a statement regresses only by more
    /// than that. A migration that slows almost everything is caught by the workload-level test.
    static func commonRatio(_ ratios: [Double]) -> Double {
        guard ratios.count >= 4 else { return 1 }
        let sorted = ratios.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// A note when (almost) every statement with enough data got significantly slower by a similar factor:
    /// what a slower machine during the candidate's replay looks like (a neighbour, a checkpoint, a
    /// throttled processor), which a migration that touches some tables rarely does.
    func uniformSlowdownNote(_ rows: [FingerprintComparison]) -> String? {
        guard let slowdown = Self.uniformSlowdown(rows, falseDiscoveryRate: policy.falseDiscoveryRate) else { return nil }
        return "All \(slowdown.slower) of the \(slowdown.judged) statements with enough data got slower by a similar factor "
            + "(\(Format.ratio(slowdown.low)) to \(Format.ratio(slowdown.high))): a slower machine during the candidate's "
            + "replay looks like this. If the migration cannot explain it, replay the candidate again."
    }

    /// At least 90 % of the (three or more) statements with enough data are significantly slower, by
    /// factors within 2× of each other: how many, and the smallest and largest factor.
    static func uniformSlowdown(_ rows: [FingerprintComparison], falseDiscoveryRate: Double)
        -> (slower: Int, judged: Int, low: Double, high: Double)? {
        let judged = rows.compactMap(\.latency)
        guard judged.count >= 3 else { return nil }
        let slower = judged.filter { $0.adjustedPValue < falseDiscoveryRate && $0.ratioInterval.lowerBound > 1 }
        guard Double(slower.count) >= 0.9 * Double(judged.count) else { return nil }
        let ratios = slower.map(\.ratio).sorted()
        guard let low = ratios.first, let high = ratios.last, high / low < 2 else { return nil }
        return (slower.count, judged.count, low, high)
    }

    /// Benjamini–Hochberg adjusted p-values across the fingerprints that have a change.
    private func adjust(_ changes: inout [LatencyChange?], indexes: [Int]) {
        let tested = indexes.filter { changes[$0] != nil }
        let adjusted = BenjaminiHochberg.adjust(tested.compactMap { changes[$0]?.pValue })
        for (index, value) in zip(tested, adjusted) { changes[index]?.adjustedPValue = value }
    }

    /// Σ share × (ratio − 1) over fingerprints, with the ratio's interval bounds for the interval. A
    /// fingerprint with too few pairs contributes the ratio of its paired totals (both bounds).
    private func weightedChange(indexes: [Int], changes: [LatencyChange?], pairedBaseline: [Double],
                                pairedOther: [Double], total: Double) -> (value: Double, interval: ClosedRange<Double>) {
        guard total > 0 else { return (0, 0...0) }
        var value = 0.0, low = 0.0, high = 0.0
        for index in indexes where pairedBaseline[index] > 0 {
            let share = pairedBaseline[index] / total
            if let change = changes[index] {
                value += share * (change.ratio - 1)
                low += share * (change.ratioInterval.lowerBound - 1)
                high += share * (change.ratioInterval.upperBound - 1)
            } else {
                let ratio = pairedOther[index] / pairedBaseline[index]
                value += share * (ratio - 1)
                low += share * (ratio - 1)
                high += share * (ratio - 1)
            }
        }
        return (value, min(low, value)...max(high, value))
    }

    private func noiseSummary(indexes: [Int], controlChanges: [LatencyChange?], weighted: Double) -> NoiseSummary {
        var largest = 0.0
        var largestFingerprint: Fingerprint?
        var nondeterministic: [Fingerprint] = []
        var errorDifferences: [String: Int] = [:]
        for index in indexes {
            let fingerprint = Fingerprint(tables.fingerprints[UInt32(index)])
            if let change = controlChanges[index], abs(change.ratio - 1) > largest {
                largest = abs(change.ratio - 1)
                largestFingerprint = fingerprint
            }
            if tallies[index].controlResultsDiffering > 0 { nondeterministic.append(fingerprint) }
            for (state, tally) in tallies[index].controlErrors {
                errorDifferences[state, default: 0] += tally.new + tally.fixed + tally.changed
            }
        }
        return NoiseSummary(weightedChange: weighted, largestRatioChange: largest, largestRatioFingerprint: largestFingerprint,
                            nondeterministicFingerprints: nondeterministic.sorted(), errorDifferences: errorDifferences)
    }
}
