import Analysis
import Foundation

/// Comparison reports as `compare` would build them: a failing one with a control (new 42703 errors, a
/// latency regression, result differences, a statement full of HTML), a passing one without control or
/// errors, and a large one (5,000 statements, a million requests) for the size budget.
enum ReportFixture {
    /// Statement text that would break a page that forgot to escape.
    static let hostileStatement =
        #"SELECT '<script>alert(1)</script>' & "x" || `y`, $1 AS "</code></pre>" FROM notes WHERE body <> 'it''s' -- <img src=x onerror=alert(2)>"#

    static let usersFingerprint = Fingerprint(0x1a2b_3c4d_5e6f_7081)
    static let updateFingerprint = Fingerprint(0x2b3c_4d5e_6f70_8192)
    static let ordersFingerprint = Fingerprint(0x3c4d_5e6f_7081_92a3)
    static let hostileFingerprint = Fingerprint(0x4d5e_6f70_8192_a3b4)
    static let nowFingerprint = Fingerprint(0x5e6f_7081_92a3_b4c5)
    static let improvedFingerprint = Fingerprint(0x6f70_8192_a3b4_c5d6)
    static let readFingerprint = Fingerprint(0x0011_2233_4455_6677)

    /// A latency distribution shaped like real service times: a floor, then an exponential tail
    /// (time at percentile p is `floor + scale × −ln(1 − p)`), the maximum twelve scales out.
    static func latency(count: Int, floor: Double, scale: Double) -> LatencySummary {
        guard count > 0 else { return .empty }
        let spectrum = LatencySummary.spectrumPercentiles.map { p in
            p >= 100 ? floor + scale * 12 : floor + scale * -log(1 - p / 100)
        }
        let at = { (p: Double) in floor + scale * -log(1 - p / 100) }
        let mean = floor + scale
        return LatencySummary(count: count, totalMs: mean * Double(count), meanMs: mean, p50Ms: at(50), p95Ms: at(95),
                              p99Ms: at(99), maxMs: floor + scale * 12,
                              p95Interval: at(95) * 0.96...at(95) * 1.05, p99Interval: at(99) * 0.93...at(99) * 1.09,
                              spectrumMs: spectrum)
    }

    static func change(ratio: Double, low: Double, high: Double, p: Double, baselineMedian: Double, pairs: Int) -> LatencyChange {
        LatencyChange(pairs: pairs, ratio: ratio, ratioInterval: low...high, shiftMs: baselineMedian * (ratio - 1),
                      pValue: p / 3, adjustedPValue: p)
    }

    static func results(compared: Int, differing: Int = 0, control: Int? = 0, ordered: Bool = false,
                        nondeterministic: Bool = false) -> ResultComparison {
        ResultComparison(compared: compared, differing: differing, controlDiffering: control, ordered: ordered,
                         nondeterministic: nondeterministic)
    }

    /// One statement's row; `slowdown` multiplies the candidate's scale, `withControl` adds a control.
    static func row(_ fingerprint: Fingerprint, _ statement: String, status: FingerprintStatus, calls: Int, share: Double,
                    floor: Double, scale: Double, slowdown: Double = 1, withControl: Bool,
                    latency: LatencyChange? = nil, errors: [ErrorChange] = [], results: ResultComparison? = nil)
        -> FingerprintComparison
    {
        let baseline = Self.latency(count: calls, floor: floor, scale: scale)
        let candidate = Self.latency(count: calls, floor: floor, scale: scale * slowdown)
        let control = withControl ? Self.latency(count: calls, floor: floor, scale: scale * 1.01) : nil
        let paired = calls
        let change = latency ?? (paired >= 20
            ? Self.change(ratio: 1 + (slowdown - 1) * 0.8, low: 0.97 + (slowdown - 1) * 0.7, high: 1.03 + (slowdown - 1) * 0.9,
                          p: slowdown == 1 ? 0.62 : 1e-6, baselineMedian: baseline.p50Ms, pairs: min(paired, 20_000))
            : nil)
        return FingerprintComparison(
            fingerprint: fingerprint, statement: statement, status: status, pairedCalls: paired, baselineCalls: calls,
            candidateCalls: calls, shareOfTime: share, baseline: baseline, candidate: candidate, control: control,
            latency: change, controlLatency: withControl ? Self.change(ratio: 1.01, low: 0.98, high: 1.04, p: 0.71,
                                                                      baselineMedian: baseline.p50Ms, pairs: min(paired, 20_000)) : nil,
            errors: errors, results: results ?? Self.results(compared: paired, control: withControl ? 0 : nil))
    }

    static let longStatement = "SELECT c.id, c.name, c.email, c.created_at, c.updated_at, a.street, a.city, a.postal_code, a.country, "
        + "o.id AS order_id, o.total, o.currency, o.status, o.created_at AS ordered_at\n  FROM customers c\n  JOIN addresses a ON a.customer_id = c.id\n"
        + "  LEFT JOIN orders o ON o.customer_id = c.id AND o.created_at > now() - interval '30 days'\n WHERE c.region = $1 AND c.active AND "
        + "a.kind = $2 AND (o.status IS NULL OR o.status IN ($3, $4, $5))\n ORDER BY c.created_at DESC, o.created_at DESC\n LIMIT $6 OFFSET $7"

    /// The failing comparison: three reasons, about thirty statements, a control.
    static func failing() -> ComparisonReport {
        var rows: [FingerprintComparison] = [
            row(readFingerprint, "SELECT abalance FROM pgbench_accounts WHERE aid = $1", status: .unchanged, calls: 412_000,
                share: 0.31, floor: 0.05, scale: 0.09, withControl: true),
            row(updateFingerprint, "UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2", status: .regressed,
                calls: 205_000, share: 0.22, floor: 0.12, scale: 0.25, slowdown: 1.8, withControl: true,
                latency: change(ratio: 1.62, low: 1.48, high: 1.77, p: 2e-12, baselineMedian: 0.29, pairs: 20_000)),
            row(usersFingerprint, "SELECT id, email, full_name FROM users WHERE email = $1", status: .newErrors, calls: 1_200,
                share: 0.04, floor: 0.08, scale: 0.2, withControl: true,
                errors: [ErrorChange(sqlState: "42703", conditionName: "undefined_column", new: 1_200, fixed: 0, changed: 0,
                                     baselineCount: 0, candidateCount: 1_200, controlCount: 0, transient: false, ratePValue: nil,
                                     exampleMessage: #"column "full_name" does not exist"#, fails: true, allowed: false)],
                results: results(compared: 0, control: 0)),
            row(ordersFingerprint, "SELECT o.id, o.total FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.region = $1 LIMIT $2",
                status: .resultsDiffer, calls: 500, share: 0.05, floor: 0.4, scale: 1.1, withControl: true,
                results: results(compared: 500, differing: 37, control: 0)),
            row(hostileFingerprint, hostileStatement, status: .allowed, calls: 9_000, share: 0.03, floor: 0.2, scale: 0.3,
                withControl: true,
                errors: [ErrorChange(sqlState: "22P02", conditionName: "invalid_text_representation", new: 4, fixed: 0, changed: 0,
                                     baselineCount: 0, candidateCount: 4, controlCount: 0, transient: false, ratePValue: nil,
                                     exampleMessage: #"invalid input syntax for type integer: "<script>alert(3)</script>""#,
                                     fails: false, allowed: true)]),
            row(improvedFingerprint, "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP)",
                status: .improved, calls: 205_000, share: 0.12, floor: 0.1, scale: 0.2, slowdown: 0.7, withControl: true,
                latency: change(ratio: 0.78, low: 0.74, high: 0.82, p: 1e-9, baselineMedian: 0.24, pairs: 20_000)),
            row(nowFingerprint, "SELECT now(), random()", status: .nondeterministic, calls: 3_000, share: 0.005, floor: 0.02,
                scale: 0.03, withControl: true, results: results(compared: 3_000, differing: 3_000, control: 3_000, nondeterministic: true)),
            row(Fingerprint(0x7081_92a3_b4c5_d6e7), longStatement, status: .unchanged, calls: 40_000, share: 0.06, floor: 1.5,
                scale: 3, withControl: true),
            row(Fingerprint(0x8192_a3b4_c5d6_e7f8), "SELECT * FROM pgbench_branches WHERE bid = $1 FOR UPDATE", status: .allowed,
                calls: 20_000, share: 0.02, floor: 0.3, scale: 2.5, withControl: true,
                errors: [ErrorChange(sqlState: "40001", conditionName: "serialization_failure", new: 15, fixed: 12, changed: 0,
                                     baselineCount: 12, candidateCount: 15, controlCount: 11, transient: true, ratePValue: 0.44,
                                     exampleMessage: "could not serialize access due to concurrent update", fails: false,
                                     allowed: true)]),
            row(Fingerprint(0x92a3_b4c5_d6e7_f809), "VACUUM ANALYZE pgbench_history", status: .notEnoughData, calls: 3,
                share: 0.001, floor: 40, scale: 20, withControl: true),
        ]
        let tables = ["accounts", "invoices", "payments", "sessions", "events", "products", "carts", "shipments", "audit_log",
                      "tags", "comments", "likes", "follows", "messages", "devices", "tokens", "plans", "coupons", "regions", "teams"]
        for (index, table) in tables.enumerated() {
            let share = 0.0052 - Double(index) * 0.0002
            rows.append(row(Fingerprint(0xa000_0000_0000_0000 + UInt64(index)),
                            "SELECT id, owner_id, updated_at FROM \(table) WHERE owner_id = $1 ORDER BY updated_at DESC LIMIT $2",
                            status: index == 3 ? .improved : .unchanged, calls: 6_000 - index * 200, share: share,
                            floor: 0.1 + Double(index) * 0.02, scale: 0.2, slowdown: index == 3 ? 0.8 : 1, withControl: true))
        }
        rows.sort { $0.shareOfTime > $1.shareOfTime }

        let reasons = [
            GateReason(kind: .errors, fingerprint: usersFingerprint, statement: "SELECT id, email, full_name FROM users WHERE email = $1",
                       summary: #"New error 42703 (undefined_column) in 1,200 of 1,200 requests: column "full_name" does not exist."#,
                       figures: ["sqlstate": .text("42703"), "new_errors": .number(1_200), "requests": .number(1_200)]),
            GateReason(kind: .latency, fingerprint: updateFingerprint, statement: "UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2",
                       summary: "Typically 62 % slower (1.62×, interval 1.48× to 1.77×, adjusted p < 1e-9): +0.18 ms per call over 205,000 calls.",
                       figures: ["ratio": .number(1.62), "ratio_low": .number(1.48), "ratio_high": .number(1.77),
                                 "p_value": .number(2e-12), "shift_ms": .number(0.18)]),
            GateReason(kind: .results, fingerprint: ordersFingerprint,
                       statement: "SELECT o.id, o.total FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.region = $1 LIMIT $2",
                       summary: "Results differ in 37 of 500 requests (row counts and checksums); identical between baseline and control.",
                       figures: ["differing": .number(37), "compared": .number(500)]),
        ]

        let workload = WorkloadComparison(
            baselineOutcomes: 905_000, candidateOutcomes: 905_000, controlOutcomes: 905_000, pairedRequests: 904_998,
            unpairedRequests: 2, fingerprints: rows.count, baselineTotalMs: 281_000, candidateTotalMs: 318_500,
            controlTotalMs: 282_100, weightedChange: 0.121, weightedChangeInterval: 0.083...0.152,
            baseline: latency(count: 904_998, floor: 0.05, scale: 0.18),
            candidate: latency(count: 904_998, floor: 0.05, scale: 0.23),
            control: latency(count: 904_998, floor: 0.05, scale: 0.182))

        let examples = [
            ResultDifferenceExample(
                fingerprint: ordersFingerprint, session: 17, sequence: 4_211, differences: ["rows", "checksum"],
                baseline: ResultShape(commandTags: ["SELECT 12"], rows: 12, checksum: "9f86d081884c7d65", sqlState: nil, errorMessage: nil),
                candidate: ResultShape(commandTags: ["SELECT 11"], rows: 11, checksum: "2c26b46b68ffc68f", sqlState: nil, errorMessage: nil),
                statementWithValues: "SELECT o.id, o.total FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.region = 'eu-west' LIMIT 50"),
            ResultDifferenceExample(
                fingerprint: ordersFingerprint, session: 23, sequence: 88, differences: ["checksum"],
                baseline: ResultShape(commandTags: ["SELECT 50"], rows: 50, checksum: "fcde2b2edba56bf4", sqlState: nil, errorMessage: nil),
                candidate: ResultShape(commandTags: ["SELECT 50"], rows: 50, checksum: "08d6c05a21512a79", sqlState: nil, errorMessage: nil),
                statementWithValues: nil),
            ResultDifferenceExample(
                fingerprint: hostileFingerprint, session: 5, sequence: 9, differences: ["command_tag"],
                baseline: ResultShape(commandTags: ["SELECT 1"], rows: 1, checksum: "0000000000000001", sqlState: nil, errorMessage: nil),
                candidate: ResultShape(commandTags: [], rows: 0, checksum: "0000000000000000", sqlState: "22P02",
                                       errorMessage: #"invalid input syntax: "<script>alert(4)</script>" & 'more'"#),
                statementWithValues: #"SELECT '<script>alert(5)</script>' FROM notes WHERE body <> 'it''s'"#),
        ]

        return ComparisonReport(
            verdict: .fail, reasons: reasons,
            notes: [
                "2 requests could not be paired: skipped on the candidate (a session ended early).",
                "1 statement calls now() or random(); its results were left out of the result check.",
                "Allowlisted: 15 new 40001 errors <b>(allow_sqlstates)</b>.",
            ],
            fingerprints: rows, workload: workload,
            errorsBySQLState: [
                SQLStateCounts(sqlState: "42703", conditionName: "undefined_column", baseline: 0, candidate: 1_200, control: 0),
                SQLStateCounts(sqlState: "40001", conditionName: "serialization_failure", baseline: 12, candidate: 15, control: 11),
                SQLStateCounts(sqlState: "23505", conditionName: "unique_violation", baseline: 31, candidate: 29, control: 30),
                SQLStateCounts(sqlState: "22P02", conditionName: "invalid_text_representation", baseline: 0, candidate: 4, control: 0),
                SQLStateCounts(sqlState: "57014", conditionName: "query_canceled", baseline: 1, candidate: 0, control: 2),
            ],
            resultExamples: examples,
            timeline: timeline(buckets: 90, withControl: true),
            noise: NoiseSummary(weightedChange: 0.004, largestRatioChange: 0.075, largestRatioFingerprint: improvedFingerprint,
                                nondeterministicFingerprints: [nowFingerprint], errorDifferences: ["40001": 3, "57014": 1]),
            policy: policy(),
            runs: ComparedRuns(baseline: run("baseline", settings: ["work_mem": "4MB"]),
                               candidate: run("candidate", settings: ["work_mem": "16MB"]),
                               control: run("control", settings: ["work_mem": "4MB"])))
    }

    /// The passing comparison: no control, no errors, nothing differs.
    static func passing() -> ComparisonReport {
        var rows: [FingerprintComparison] = [
            row(readFingerprint, "SELECT abalance FROM pgbench_accounts WHERE aid = $1", status: .unchanged, calls: 120_000,
                share: 0.45, floor: 0.05, scale: 0.09, withControl: false),
            row(updateFingerprint, "UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2", status: .unchanged,
                calls: 60_000, share: 0.3, floor: 0.12, scale: 0.25, withControl: false),
            row(improvedFingerprint, "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP)",
                status: .improved, calls: 60_000, share: 0.2, floor: 0.1, scale: 0.2, slowdown: 0.75, withControl: false,
                latency: change(ratio: 0.8, low: 0.76, high: 0.84, p: 1e-8, baselineMedian: 0.24, pairs: 20_000)),
            row(Fingerprint(0x0bad_cafe_0000_0001), "SELECT count(*) FROM pgbench_branches", status: .notEnoughData, calls: 4,
                share: 0.05, floor: 2, scale: 1, withControl: false),
        ]
        rows.sort { $0.shareOfTime > $1.shareOfTime }
        let workload = WorkloadComparison(
            baselineOutcomes: 240_004, candidateOutcomes: 240_004, controlOutcomes: nil, pairedRequests: 240_004,
            unpairedRequests: 0, fingerprints: rows.count, baselineTotalMs: 52_000, candidateTotalMs: 50_100, controlTotalMs: nil,
            weightedChange: -0.036, weightedChangeInterval: -0.051 ... -0.02,
            baseline: latency(count: 240_004, floor: 0.05, scale: 0.16),
            candidate: latency(count: 240_004, floor: 0.05, scale: 0.15), control: nil)
        return ComparisonReport(
            verdict: .pass, reasons: [], notes: [], fingerprints: rows, workload: workload, errorsBySQLState: [],
            resultExamples: [], timeline: timeline(buckets: 30, withControl: false), noise: nil, policy: GatePolicy(),
            runs: ComparedRuns(baseline: run("baseline", settings: ["work_mem": "4MB"]),
                               candidate: run("candidate", settings: ["work_mem": "4MB"]), control: nil))
    }

    /// A large comparison: `fingerprints` statements over a million requests, a long timeline, many
    /// SQLSTATEs and examples; the caps must keep its page small.
    static func large(fingerprints count: Int = 5_000) -> ComparisonReport {
        var report = failing()
        let perStatement = max(1, 1_000_000 / count)
        var rows: [FingerprintComparison] = []
        rows.reserveCapacity(count)
        for index in 0..<count {
            let status: FingerprintStatus = index % 997 == 5 ? .regressed : index % 101 == 7 ? .improved : .unchanged
            rows.append(row(Fingerprint(0xc000_0000_0000_0000 + UInt64(index)),
                            "SELECT col_\(index), other_\(index % 17) FROM table_\(index % 250) t JOIN other_\(index % 40) o ON o.id = t.other_id WHERE t.key = $1 AND t.kind IN ($2, $3) ORDER BY t.updated_at DESC LIMIT $4",
                            status: status, calls: perStatement, share: 1 / Double(count), floor: 0.05 + Double(index % 50) * 0.01,
                            scale: 0.1 + Double(index % 30) * 0.02, slowdown: status == .regressed ? 1.5 : status == .improved ? 0.8 : 1,
                            withControl: true))
        }
        report.fingerprints = report.fingerprints + rows
        report.workload.fingerprints = report.fingerprints.count
        report.workload.pairedRequests = 1_000_000
        report.timeline = timeline(buckets: 720, withControl: true)
        report.errorsBySQLState += (0..<40).map {
            SQLStateCounts(sqlState: "P\(1000 + $0)", conditionName: "custom_condition_\($0)", baseline: $0, candidate: $0 + 1, control: $0)
        }
        report.resultExamples = (0..<200).map { (index: Int) -> ResultDifferenceExample in
            let rows = UInt64(index)
            let baseline = ResultShape(commandTags: ["SELECT \(rows)"], rows: rows, checksum: "0123456789abcdef",
                                       sqlState: nil, errorMessage: nil)
            let candidate = ResultShape(commandTags: ["SELECT \(rows + 1)"], rows: rows + 1, checksum: "fedcba9876543210",
                                        sqlState: nil, errorMessage: nil)
            return ResultDifferenceExample(fingerprint: ordersFingerprint, session: UInt32(index), sequence: UInt32(index * 7),
                                           differences: ["rows"], baseline: baseline, candidate: candidate, statementWithValues: nil)
        }
        return report
    }

    /// `buckets` ten-second buckets per run; the candidate's p99 jumps for a minute two thirds in.
    static func timeline(buckets: Int, withControl: Bool) -> Timeline {
        func run(seed: Double, spike: Bool) -> [TimelineBucket] {
            (0..<buckets).map { index in
                let wave = sin(Double(index) / 6 + seed) * 0.03
                let spiking = spike && index >= buckets * 2 / 3 && index < buckets * 2 / 3 + 6
                // A quiet bucket (no requests) in the baseline, as after a pause in the capture.
                let quiet = !spike && seed == 0 && index == buckets / 3
                return TimelineBucket(startSeconds: Double(index) * 10, requests: quiet ? 0 : 10_000 + Int(wave * 50_000),
                                      errors: spiking ? 40 : index % 7 == 0 ? 1 : 0,
                                      p50Ms: quiet ? 0 : 0.18 + wave + (spike ? 0.03 : 0),
                                      p99Ms: quiet ? 0 : (spiking ? 9.5 : 1.4 + wave * 4 + (spike ? 0.4 : 0)))
            }
        }
        return Timeline(bucketSeconds: 10, baseline: run(seed: 0, spike: false), candidate: run(seed: 0.4, spike: true),
                        control: withControl ? run(seed: 0.8, spike: false) : nil)
    }

    static func policy() -> GatePolicy {
        var policy = GatePolicy()
        policy.allowSQLStates = ["40001"]
        policy.criticalFingerprints = [readFingerprint]
        policy.overrides = [FingerprintOverride(fingerprint: hostileFingerprint, relativeThreshold: 0.5, minimumSamples: 50)]
        return policy
    }

    static func run(_ name: String, settings: [String: String]) -> RunDescription {
        var all = settings
        all["shared_buffers"] = "128MB"
        all["DateStyle"] = "ISO, MDY"
        all["jit"] = "off"
        all["random_page_cost"] = name == "candidate" ? "1.1" : "4"
        return RunDescription(
            path: "reports/\(name).run", target: "host=db-\(name) dbname=app application_name=<rehearse & \"test\">",
            serverVersion: "PostgreSQL 15.8 (Debian 15.8-0+deb12u1)", systemIdentifier: name == "control" ? nil : "7412345678901234567",
            settings: all, workloadPath: "captures/prod-monday.pgw", workloadHash: "5f2b9c0e7d1a3b4c", workloadRequests: 905_000,
            speed: name == "control" ? "max" : "1", filters: [], shards: "1 of 1", startedAt: "2025-11-24T09:00:00.000Z",
            endedAt: "2025-11-24T09:15:02.250Z", durationSeconds: 902.25, outcomes: 905_000, interrupted: false, complete: true,
            hostName: "rehearsal-1", toolVersion: "0.4.0", replayerLagP99Ms: name == "control" ? nil : 0.25)
    }
}
