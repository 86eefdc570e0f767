import LocalPostgres
import Workload

/// pgbench's built-in TPC-B-like script, 8 clients for 3 seconds at scale 1: every transaction updates the
/// single `pgbench_branches` row, so the clients queue on its row lock. Recorded live with `-n` (no vacuum
/// before the run: `pgbench -i` has just done it), which leaves pgbench's first connection with two
/// queries (the scale and the partitioning check) and no transaction, so the workload has 8 + 1 sessions.
///
/// Recorded once per test process (`recorded()`) on a cluster of its own that lasts until it exits. Replay
/// into a copy made with `createCopy(named:)`: `bench` itself already holds the run's changes.
public struct ContendedTPCBWorkload: Sendable {
    public static let databaseName = PgbenchRecording.databaseName
    public static let scale = 1
    public static let clients = 8
    public static let threads = 2
    public static let seconds = 3
    /// BEGIN, UPDATE pgbench_accounts, SELECT abalance, UPDATE pgbench_tellers, UPDATE pgbench_branches,
    /// INSERT INTO pgbench_history, END: simple Query messages, one statement each.
    public static let statementsPerTransaction = 7
    /// The simple queries of pgbench's first connection, which runs no transaction.
    public static let setupQueries = 2

    public let recording: RecordedWorkload
    /// What pgbench reported as processed ("number of transactions actually processed").
    public let transactions: Int
    /// pgbench's standard output.
    public let pgbenchOutput: String

    public var cluster: ThrowawayCluster { recording.cluster }
    public var database: String { recording.database }
    public var workloadPath: String { recording.workloadPath }
    public var requests: [Request] { recording.requests }

    private static let cache = RecordedOnce { () throws -> ContendedTPCBWorkload in
        let arguments = ["-n", "-c", String(clients), "-j", String(threads), "-T", String(seconds)]
        let run = try PgbenchRecording.record(name: "tpcb", scale: scale, arguments: arguments)
        return ContendedTPCBWorkload(recording: run.recording, transactions: run.transactions, pgbenchOutput: run.output)
    }

    /// The workload, recorded on first use (about 8 s with initdb and `pgbench -i`) and shared by every later caller.
    public static func recorded() throws -> ContendedTPCBWorkload {
        try cache.value()
    }

    /// Creates database `name` on the fixture's cluster with `pgbench -i -s 1`: the state pgbench started from.
    public func createCopy(named name: String) throws {
        try cluster.createPgbenchDatabase(name, scale: Self.scale)
    }
}
