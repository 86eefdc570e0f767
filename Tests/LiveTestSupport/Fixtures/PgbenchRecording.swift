import LocalPostgres

/// Records one pgbench run on a `bench` database initialized with `pgbench -i` on a cluster of its own.
enum PgbenchRecording {
    static let databaseName = "bench"

    /// The recording, pgbench's standard output and the transactions it reports as processed.
    static func record(name: String, scale: Int, arguments: [String]) throws
        -> (recording: RecordedWorkload, output: String, transactions: Int) {
        let cluster = try ProcessLifetimeResources.startCluster()
        try cluster.createPgbenchDatabase(databaseName, scale: scale)
        var output = ""
        let recording = try RecordedWorkload.record(name: name, cluster: cluster, database: databaseName) {
            output = try cluster.run("pgbench", arguments + [databaseName]).check().standardOutput
        }
        return (recording, output, try processedTransactions(in: output))
    }

    /// The N of pgbench's "number of transactions actually processed: N" (followed by "/M" with `-t`).
    static func processedTransactions(in output: String) throws -> Int {
        let label = "number of transactions actually processed: "
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix(label) }),
              let count = Int(line.dropFirst(label.count).prefix(while: \.isNumber)) else {
            throw LiveTestFailure("pgbench reported no transaction count:\n\(output)")
        }
        return count
    }
}
