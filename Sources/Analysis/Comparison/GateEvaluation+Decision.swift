/// The decision for one fingerprint: errors, then results, then latency.
extension GateEvaluation {
    struct Decision {
        var status: FingerprintStatus
        var reasons: [GateReason]
        var errors: [ErrorChange]
        var results: ResultComparison
    }

    func decide(index: Int, fingerprint: Fingerprint, change: LatencyChange?, controlChange: LatencyChange?,
                commonRatio: Double) -> Decision {
        let thresholds = policy.thresholds(for: fingerprint)
        let allowedStatement = policy.allowFingerprints.contains(fingerprint)
        let tally = tallies[index]
        let text = texts[index]
        var reasons: [GateReason] = []
        var suppressed = false // something would have failed but the gate file allows it

        // Errors.
        let errors = errorChanges(index: index, fingerprint: fingerprint, critical: thresholds.critical, allowedStatement: allowedStatement)
        for error in errors where error.fails {
            reasons.append(errorReason(error, fingerprint: fingerprint, text: text, index: index))
        }
        if errors.contains(where: { $0.allowed && ($0.new > 0 || $0.changed > 0) }) { suppressed = true }

        // Results.
        let excluded = policy.nondeterministicFingerprints.contains(fingerprint) || tally.controlResultsDiffering > 0 || volatile[index]
        let results = ResultComparison(
            compared: tally.resultsCompared, differing: tally.resultsDiffering,
            controlDiffering: control == nil ? nil : tally.controlResultsDiffering, ordered: ordered[index],
            nondeterministic: excluded && (tally.resultsDiffering > 0 || tally.controlResultsDiffering > 0))
        if tally.resultsDiffering > 0 && !excluded && policy.failOnResultDifferences {
            if allowedStatement {
                suppressed = true
            } else {
                let kinds = Set(tally.differingExamples.flatMap { PairedTally.resultDifferences($0.0, $0.1, ordered: ordered[index]) })
                let what = ["command_tag": "command tags", "rows": "row counts", "checksum": "returned rows"]
                let described = ["command_tag", "rows", "checksum"].filter(kinds.contains).compactMap { what[$0] }
                reasons.append(GateReason(
                    kind: .results, fingerprint: fingerprint, statement: text,
                    summary: "Results differ from the baseline in \(tally.resultsDiffering) of \(tally.resultsCompared) requests "
                        + "(\(described.joined(separator: ", "))) while identical copies agree.",
                    figures: ["differing": .number(Double(tally.resultsDiffering)), "compared": .number(Double(tally.resultsCompared)),
                              "control_differing": .number(Double(tally.controlResultsDiffering)),
                              "ordered": .text(ordered[index] ? "yes" : "no")]))
            }
        }

        // Latency.
        var regressed = false, improved = false
        if let change {
            // The change must exceed both what identical copies show and what every statement shares.
            let controlRatio = max(1, controlChange?.ratio ?? 1, commonRatio)
            let beyondControl = controlChange.map { change.ratioInterval.lowerBound > $0.ratioInterval.upperBound } ?? true
            let significant = change.adjustedPValue < policy.falseDiscoveryRate
            regressed = significant && change.ratio / controlRatio - 1 > thresholds.relative
                && change.shiftMs > thresholds.absoluteMs && beyondControl
            let controlFloor = min(1, controlChange?.ratio ?? 1, commonRatio)
            let belowControl = controlChange.map { change.ratioInterval.upperBound < $0.ratioInterval.lowerBound } ?? true
            improved = significant && controlFloor / change.ratio - 1 > thresholds.relative
                && -change.shiftMs > thresholds.absoluteMs && belowControl
            if regressed {
                if allowedStatement {
                    suppressed = true
                } else {
                    var reason = latencyReason(change, controlChange: controlChange, fingerprint: fingerprint, text: text,
                                               index: index, thresholds: thresholds)
                    reason.figures["common_ratio"] = .number(commonRatio)
                    reasons.append(reason)
                }
            }
        } else if thresholds.critical {
            reasons.append(GateReason(
                kind: .latency, fingerprint: fingerprint, statement: text,
                summary: "Critical statement has only \(tally.baseline.count) paired requests, fewer than the "
                    + "\(thresholds.minimumSamples) needed to judge its latency.",
                figures: ["pairs": .number(Double(tally.baseline.count)), "minimum_samples": .number(Double(thresholds.minimumSamples))]))
        }

        let status: FingerprintStatus
        if reasons.contains(where: { $0.kind == .errors }) {
            status = .newErrors
        } else if reasons.contains(where: { $0.kind == .results }) {
            status = .resultsDiffer
        } else if reasons.contains(where: { $0.kind == .latency }) {
            status = .regressed
        } else if suppressed {
            status = .allowed
        } else if results.nondeterministic {
            status = .nondeterministic
        } else if improved {
            status = .improved
        } else if change == nil {
            status = .notEnoughData
        } else {
            status = .unchanged
        }
        return Decision(status: status, reasons: reasons, errors: errors, results: results)
    }

    /// Error changes of one fingerprint by SQLSTATE: request by request for most errors, as rates for transient ones.
    private func errorChanges(index: Int, fingerprint: Fingerprint, critical: Bool, allowedStatement: Bool) -> [ErrorChange] {
        let tally = tallies[index]
        let baseStats = baseline.fingerprints[index], candidateStats = candidate.fingerprints[index]
        let controlStats = control?.fingerprints[index]
        var states = Set(tally.candidateErrors.keys)
        for state in Set(baseStats.errors.keys).union(candidateStats.errors.keys)
        where GatePolicy.matches(state, policy.transientErrors) {
            states.insert(state)
        }
        return states.sorted().map { state in
            let pairedChange = tally.candidateErrors[state] ?? ErrorTally()
            let controlChange = tally.controlErrors[state] ?? ErrorTally()
            let transient = GatePolicy.matches(state, policy.transientErrors)
            let allowed = allowedStatement || GatePolicy.matches(state, policy.allowSQLStates)
            let baseCount = baseStats.errors[state] ?? 0, candidateCount = candidateStats.errors[state] ?? 0
            var pValue: Double?
            var fails = false
            if transient {
                let test = RateComparison.test(failures1: baseCount, of: max(1, baseStats.executed),
                                               failures2: candidateCount, of: max(1, candidateStats.executed))
                pValue = test?.pValue
                let baseRate = Double(baseCount) / Double(max(1, baseStats.executed))
                let candidateRate = Double(candidateCount) / Double(max(1, candidateStats.executed))
                let controlRate = controlStats.map { Double($0.errors[state] ?? 0) / Double(max(1, $0.executed)) } ?? 0
                fails = (pValue ?? 1) < policy.falseDiscoveryRate && candidateRate - max(baseRate, controlRate) > policy.transientRateFloor
            } else {
                let appeared = pairedChange.new + pairedChange.changed
                let noise = controlChange.new + controlChange.changed
                fails = appeared > noise && (critical || GatePolicy.matches(state, policy.failingErrors))
            }
            let example = pairedChange.example == 0 ? "" : tables.errors[pairedChange.example].message
            return ErrorChange(
                sqlState: state, conditionName: SQLStateNames.name(of: state), new: pairedChange.new, fixed: pairedChange.fixed,
                changed: pairedChange.changed, baselineCount: baseCount, candidateCount: candidateCount,
                controlCount: controlStats.map { $0.errors[state] ?? 0 }, transient: transient, ratePValue: pValue,
                exampleMessage: example, fails: fails && !allowed, allowed: allowed && fails)
        }
    }

    private func errorReason(_ error: ErrorChange, fingerprint: Fingerprint, text: String, index: Int) -> GateReason {
        let name = error.conditionName.isEmpty ? "" : " (\(error.conditionName))"
        let message = error.exampleMessage.isEmpty ? "" : ": \(error.exampleMessage)"
        if error.transient {
            let base = Double(error.baselineCount) / Double(max(1, baseline.fingerprints[index].executed))
            let cand = Double(error.candidateCount) / Double(max(1, candidate.fingerprints[index].executed))
            return GateReason(
                kind: .errors, fingerprint: fingerprint, statement: text,
                summary: "Error \(error.sqlState)\(name) rises from \(Format.percent(base)) to \(Format.percent(cand)) of requests "
                    + "(\(Format.pClause(error.ratePValue ?? 1))).",
                figures: ["sqlstate": .text(error.sqlState), "baseline_rate": .number(base), "candidate_rate": .number(cand),
                          "p_value": .number(error.ratePValue ?? 1), "baseline_errors": .number(Double(error.baselineCount)),
                          "candidate_errors": .number(Double(error.candidateCount))])
        }
        let appeared = error.new + error.changed
        return GateReason(
            kind: .errors, fingerprint: fingerprint, statement: text,
            summary: "New error \(error.sqlState)\(name) in \(appeared) of \(tallies[index].baseline.count) requests\(message).",
            figures: ["sqlstate": .text(error.sqlState), "new_errors": .number(Double(error.new)),
                      "changed_errors": .number(Double(error.changed)), "paired_requests": .number(Double(tallies[index].baseline.count)),
                      "control_new_errors": .number(Double((tallies[index].controlErrors[error.sqlState]?.new ?? 0)))])
    }

    private func latencyReason(_ change: LatencyChange, controlChange: LatencyChange?, fingerprint: Fingerprint, text: String,
                               index: Int, thresholds: GatePolicy.Thresholds) -> GateReason {
        var figures: [String: Figure] = [
            "ratio": .number(change.ratio), "ratio_low": .number(change.ratioInterval.lowerBound),
            "ratio_high": .number(change.ratioInterval.upperBound), "shift_ms": .number(change.shiftMs),
            "p_value": .number(change.pValue), "adjusted_p_value": .number(change.adjustedPValue), "pairs": .number(Double(change.pairs)),
            "baseline_p50_ms": .number(baseline.fingerprints[index].p50Ms),
            "candidate_p50_ms": .number(candidate.fingerprints[index].p50Ms),
            "relative_threshold": .number(thresholds.relative), "absolute_threshold_ms": .number(thresholds.absoluteMs),
        ]
        var controlText = ""
        if let controlChange {
            figures["control_ratio"] = .number(controlChange.ratio)
            figures["control_ratio_high"] = .number(controlChange.ratioInterval.upperBound)
            controlText = "; identical copies differ by \(Format.ratio(controlChange.ratio))"
        }
        return GateReason(
            kind: .latency, fingerprint: fingerprint, statement: text,
            summary: "\(Format.ratio(change.ratio)) slower (\(Format.percent(policy.confidence, digits: 0)) interval "
                + "\(Format.ratio(change.ratioInterval.lowerBound)) to \(Format.ratio(change.ratioInterval.upperBound))), "
                + "\(Format.milliseconds(change.shiftMs)) more per call, over \(change.pairs) paired requests "
                + "(adjusted \(Format.pClause(change.adjustedPValue)))\(controlText).",
            figures: figures)
    }
}
