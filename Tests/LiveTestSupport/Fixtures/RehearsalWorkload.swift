import Foundation
import LocalPostgres
import Workload

/// A paced pgbench custom script over the extended protocol, for rehearsal tests: four statements per
/// transaction that each migration of the compare tests touches in a different way.
///
/// - `SELECT abalance FROM pgbench_accounts WHERE aid = $1`: the hot lookup that needs the primary key's index;
/// - `SELECT amount FROM prices WHERE id = $1`: a numeric column (renamed, or changed to integer, by migrations);
/// - `INSERT INTO pgbench_history …`: where a slow trigger goes;
/// - `SELECT count(*) FROM pgbench_branches`: touched by nothing.
///
/// 4 clients at 200 transactions per second for 3 seconds (`-R`, so the load leaves the machine idle
/// enough for latency to mean something), recorded once per test process on a cluster of its own.
public struct RehearsalWorkload: Sendable {
    public static let databaseName = "shop"
    public static let clients = 4
    public static let rate = 200
    public static let seconds = 3
    public static let statementTexts = [
        "SELECT abalance FROM pgbench_accounts WHERE aid = $1",
        "SELECT amount FROM prices WHERE id = $1",
        "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP)",
        "SELECT count(*) FROM pgbench_branches",
    ]

    public let recording: RecordedWorkload
    public let transactions: Int

    public var cluster: ThrowawayCluster { recording.cluster }
    public var workloadPath: String { recording.workloadPath }

    static let script = """
        \\set aid random(1, 100000)
        \\set pid random(1, 1000)
        SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
        SELECT amount FROM prices WHERE id = :pid;
        INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, :aid, 0, CURRENT_TIMESTAMP);
        SELECT count(*) FROM pgbench_branches;

        """

    /// The extra table: 1,000 prices with cents, so that a change to integer changes what queries return.
    static let pricesSQL = """
        CREATE TABLE prices (id integer PRIMARY KEY, amount numeric(10,2) NOT NULL);
        INSERT INTO prices SELECT g, (g % 97) + 0.25 FROM generate_series(1, 1000) g;
        VACUUM ANALYZE;
        """

    private static let cache = RecordedOnce { () throws -> RehearsalWorkload in
        let cluster = try ProcessLifetimeResources.startCluster()
        try cluster.createPgbenchDatabase(databaseName, scale: 1)
        try cluster.psql(pricesSQL, database: databaseName)
        let scriptPath = try ProcessLifetimeResources.directory() + "/rehearsal.pgbench"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        var output = ""
        let arguments = ["-n", "-M", "extended", "-f", scriptPath, "-c", String(clients), "-j", "2",
                         "-R", String(rate), "-T", String(seconds), databaseName]
        let recording = try RecordedWorkload.record(name: "rehearsal", cluster: cluster, database: databaseName) {
            output = try cluster.run("pgbench", arguments).check().standardOutput
        }
        return RehearsalWorkload(recording: recording, transactions: try PgbenchRecording.processedTransactions(in: output))
    }

    /// The workload, recorded on first use (about 8 s) and shared by every later caller.
    public static func recorded() throws -> RehearsalWorkload {
        try cache.value()
    }
}
