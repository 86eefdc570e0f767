import Foundation
import RunFile
import Workload

/// What a replay did, for people (`text`) and machines (`--json`; key names are a contract), and
/// stored in the run file's trailer.
public struct ReplaySummary: Codable, Sendable, Equatable {
    /// Sessions replayed (in this shard and time window).
    public var sessions: Int = 0
    /// Requests sent and answered (with or without an SQL error).
    public var requests: Int = 0
    /// Requests not sent, by reason.
    public var skipped: [String: Int] = [:]
    /// Replayed requests that ended in an error.
    public var errors: Int = 0
    /// Errors by SQLSTATE (replayed requests and lost connections).
    public var errorSqlstates: [String: Int] = [:]
    /// Replayed requests whose command tag, row count or SQLSTATE differ from production.
    public var outcomeMismatches: Int = 0
    /// Replayed requests whose command tag, row count and SQLSTATE are the same as in production.
    public var exactlyAsProduction: Int = 0
    /// Replayed requests whose production outcome is unknown (the capture ended before it completed).
    public var productionUnknown: Int = 0
    /// Fingerprints with requests that did not replay as in production, worst first.
    public var mismatchedFingerprints: [MismatchedFingerprint] = []
    /// Requests that recorded a lost connection instead of an outcome.
    public var connectionLost: Int = 0
    /// Times a session's connection broke.
    public var connectionsLost: Int = 0
    /// Requests cancelled because the replay was interrupted.
    public var cancelled: Int = 0
    /// The replay was stopped early (Ctrl-C, SIGTERM).
    public var interrupted: Bool = false
    /// Wall-clock duration of the replay, seconds.
    public var durationS: Double = 0
    /// Replayed requests per second of `duration_s`.
    public var requestsPerS: Double = 0
    /// Median and 99th percentile of how late requests were sent against their schedule, milliseconds.
    public var sendLagP50Ms: Double = 0
    public var sendLagP99Ms: Double = 0
    /// Largest send lag, milliseconds.
    public var sendLagMaxMs: Double = 0
    /// The part of the send lag that is the replayer's own: how late requests were sent after they were
    /// both due and free to go (their session's earlier answers in), milliseconds. A session waiting for
    /// a slow answer falls behind its schedule (send lag) without the replayer being late (this).
    public var replayerLagP50Ms: Double = 0
    public var replayerLagP99Ms: Double = 0
    /// Latency (from the scheduled send) percentiles of replayed requests, milliseconds.
    public var latencyP50Ms: Double = 0
    public var latencyP99Ms: Double = 0
    /// Production's duration of the replayed part of the capture, seconds.
    public var captureDurationS: Double = 0
    /// Where libpq could not express a request exactly and replay did the closest faithful thing, with counts.
    public var approximations: [String: Int] = [:]
    /// Replay speed (`1`, `2.5`, `max`).
    public var speed: String = "1"
    /// Replay threads that carried the sessions; nil in a summary not made by a replay (a builder's alone).
    public var threads: Int?
    /// Target server version.
    public var serverVersion: String = ""
    /// The run file written.
    public var runFile: String = ""

    public init() {}

    enum CodingKeys: String, CodingKey {
        case sessions, requests, skipped, errors
        case errorSqlstates = "error_sqlstates"
        case outcomeMismatches = "outcome_mismatches"
        case exactlyAsProduction = "exactly_as_production"
        case productionUnknown = "production_unknown"
        case mismatchedFingerprints = "mismatched_fingerprints"
        case connectionLost = "connection_lost"
        case connectionsLost = "connections_lost"
        case cancelled, interrupted
        case durationS = "duration_s"
        case requestsPerS = "requests_per_s"
        case sendLagP50Ms = "send_lag_p50_ms"
        case sendLagP99Ms = "send_lag_p99_ms"
        case sendLagMaxMs = "send_lag_max_ms"
        case replayerLagP50Ms = "replayer_lag_p50_ms"
        case replayerLagP99Ms = "replayer_lag_p99_ms"
        case latencyP50Ms = "latency_p50_ms"
        case latencyP99Ms = "latency_p99_ms"
        case captureDurationS = "capture_duration_s"
        case approximations, speed, threads
        case serverVersion = "server_version"
        case runFile = "run_file"
    }

    public func jsonText() throws -> String {
        try JSONText.encode(self)
    }

    /// The summary for a person at a terminal.
    public func text() -> String {
        var lines: [String] = []
        let rate = String(format: "%.0f", requestsPerS)
        let carried = threads.map { ", \($0) thread\($0 == 1 ? "" : "s")" } ?? ""
        lines.append("replayed \(requests) requests of \(sessions) sessions in \(Self.seconds(durationS)) (\(rate)/s, speed \(speed)\(carried))"
            + (interrupted ? ", INTERRUPTED" : ""))
        let fidelity = requests == 0 ? 100 : Double(exactlyAsProduction) / Double(requests) * 100
        lines.append("as in production: \(exactlyAsProduction) (\(String(format: "%.1f", fidelity))%), different: \(outcomeMismatches)"
            + (productionUnknown > 0 ? ", production unknown: \(productionUnknown)" : ""))
        if errors > 0 {
            let states = errorSqlstates.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) ×\($0.value)" }
            lines.append("errors: \(errors) (\(states.joined(separator: ", ")))")
        }
        if !skipped.isEmpty {
            lines.append("skipped: " + skipped.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if connectionLost > 0 || connectionsLost > 0 {
            lines.append("connections lost: \(connectionsLost), requests lost with them: \(connectionLost)")
        }
        if cancelled > 0 { lines.append("cancelled: \(cancelled)") }
        lines.append(String(format: "send lag p99 %.3f ms (max %.3f ms; the replayer's own p99 %.3f ms); latency p50 %.3f ms, p99 %.3f ms",
                            sendLagP99Ms, sendLagMaxMs, replayerLagP99Ms, latencyP50Ms, latencyP99Ms))
        if let behind = behindSchedule() { lines.append(behind) }
        if !approximations.isEmpty {
            lines.append("approximated: " + approximations.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        for entry in mismatchedFingerprints.prefix(10) {
            let what = entry.differences.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("  differs: \(entry.count)× \(entry.fingerprint) (\(what)) \(Self.shorten(entry.statement))")
        }
        if !runFile.isEmpty { lines.append("run file: \(runFile)") }
        return lines.joined(separator: "\n")
    }

    /// Why a paced replay fell behind its schedule, when it did: mostly the target's answers (the replayer's
    /// own lag is under half the send lag), or the replaying machine.
    func behindSchedule() -> String? {
        let onTime = RunTrailer.onTimeReplayerLagMs
        guard speed != "max", requests > 0, sendLagP99Ms > onTime else { return nil }
        let own = String(format: "the replayer's own p99 %.3f ms", replayerLagP99Ms)
        guard replayerLagP99Ms < sendLagP99Ms / 2 else {
            return "behind schedule: the replaying machine itself ran late (\(own)); replay on a less busy machine (docs/replay.md, Scheduling)"
        }
        return "behind schedule: mostly sessions waiting for answers that came later than in production; "
            + (replayerLagP99Ms > onTime ? "the replaying machine itself also ran late (\(own))" : "the replayer itself kept to the schedule")
    }

    static func seconds(_ value: Double) -> String {
        value < 60 ? String(format: "%.2f s", value) : String(format: "%.0f min %.0f s", (value / 60).rounded(.down), value.truncatingRemainder(dividingBy: 60))
    }

    static func shorten(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > 100 ? String(flat.prefix(99)) + "…" : flat
    }
}

/// One fingerprint whose replayed outcomes differ from production's.
public struct MismatchedFingerprint: Codable, Sendable, Equatable {
    /// Fingerprint as 16 hex digits (`""` for requests without one).
    public var fingerprint: String
    /// Normalized statement text.
    public var statement: String
    /// Requests that differed.
    public var count: Int
    /// What differed (`command_tag`, `rows`, `sqlstate`) and how often.
    public var differences: [String: Int]
    /// The SQLSTATEs the replay got for these requests, with counts.
    public var replayedSqlstates: [String: Int]
    /// The SQLSTATEs production got for these requests, with counts (`"none"` for success).
    public var productionSqlstates: [String: Int]

    enum CodingKeys: String, CodingKey {
        case fingerprint, statement, count, differences
        case replayedSqlstates = "replayed_sqlstates"
        case productionSqlstates = "production_sqlstates"
    }
}
