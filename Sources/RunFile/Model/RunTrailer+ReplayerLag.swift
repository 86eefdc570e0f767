import Foundation

extension RunTrailer {
    /// A replay whose replayer's own send lag p99 stays at or below this (ms) kept to its schedule: the
    /// pacing precision replay aims for. Above it, the replay summary and `compare` point out the replaying machine.
    public static let onTimeReplayerLagMs = 1.0

    /// The 99th percentile of the replayer's own send lag (ms) from the summary this trailer keeps; for a
    /// merged run, its worst shard's (percentiles do not merge). Nil for a run file written before replay
    /// reported it.
    public var replayerLagP99Ms: Double? {
        guard let summary = try? JSONSerialization.jsonObject(with: Data(summaryJSON.utf8)) as? [String: Any] else {
            return nil
        }
        func figure(_ summary: [String: Any]) -> Double? { (summary["replayer_lag_p99_ms"] as? NSNumber)?.doubleValue }
        if let value = figure(summary) { return value }
        // RunMerger's shape: {"inputs":[{"shards":[…],"summary":{…}},…],…}.
        let shards = (summary["inputs"] as? [[String: Any]] ?? []).compactMap { ($0["summary"] as? [String: Any]).flatMap(figure) }
        return shards.max()
    }
}
