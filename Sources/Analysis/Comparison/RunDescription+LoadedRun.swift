import RunFile

extension RunDescription {
    /// The report's description of a run file.
    init(_ run: LoadedRun) {
        let header = run.header
        let ended = run.trailer?.endedAt
        var settings: [String: String] = [:]
        for setting in header.settings { settings[setting.name] = setting.value }
        self.init(
            path: run.path, target: header.target, serverVersion: header.serverVersion,
            systemIdentifier: header.systemIdentifier.map(String.init), settings: settings,
            workloadPath: header.workloadPath, workloadHash: Fingerprint(header.workloadHash).description,
            workloadRequests: header.workloadRequests,
            speed: header.speed == 0 ? "max" : Self.format(header.speed), filters: header.filters,
            shards: Comparator.describeShards(header), startedAt: Format.timestamp(header.startedAt),
            endedAt: ended.map(Format.timestamp) ?? "",
            durationSeconds: Double((ended ?? run.outcomes.reduce(header.startedAt) { max($0, header.startedAt + $1.completedOffset) })
                - header.startedAt) / 1e9,
            outcomes: run.outcomes.count, interrupted: run.trailer?.interrupted ?? false, complete: run.trailer != nil,
            hostName: header.hostName, toolVersion: header.toolVersion, captureSummaryJSON: run.captureSummaryJSON,
            replayerLagP99Ms: run.trailer?.replayerLagP99Ms)
    }

    static func format(_ speed: Double) -> String {
        speed == speed.rounded() ? String(Int(speed)) : String(speed)
    }
}
