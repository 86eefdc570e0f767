import LocalPostgres
import Workload

/// pgbench's built-in select-only script over the extended protocol with named prepared statements
/// (`-S -M prepared`), 4 clients for 2 seconds: many small reads, each one Bind/Execute of a statement
/// prepared once per connection. Recorded with `-n`, so pgbench's first connection only runs its two
/// setup queries and the workload has 4 + 1 sessions.
///
/// Recorded once per test process (`recorded()`) on a cluster of its own that lasts until it exits. The
/// run changes no data, but replay into a copy made with `createCopy(named:)` all the same.
public struct SelectOnlyWorkload: Sendable {
    public static let databaseName = PgbenchRecording.databaseName
    public static let scale = 1
    public static let clients = 4
    public static let threads = 2
    public static let seconds = 2
    /// `SELECT abalance FROM pgbench_accounts WHERE aid = $1`, prepared as `P_0` on each connection.
    public static let statementsPerTransaction = 1
    /// The simple queries of pgbench's first connection.
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

    private static let cache = RecordedOnce { () throws -> SelectOnlyWorkload in
        let arguments = ["-n", "-S", "-M", "prepared", "-c", String(clients), "-j", String(threads), "-T", String(seconds)]
        let run = try PgbenchRecording.record(name: "select-only", scale: scale, arguments: arguments)
        return SelectOnlyWorkload(recording: run.recording, transactions: run.transactions, pgbenchOutput: run.output)
    }

    /// The workload, recorded on first use (about 9 s: initdb, `pgbench -i`, and the capture catching up with
    /// pgbench, which outruns it) and shared by every later caller.
    public static func recorded() throws -> SelectOnlyWorkload {
        try cache.value()
    }

    /// Creates database `name` on the fixture's cluster with `pgbench -i -s 1`: the state pgbench started from.
    public func createCopy(named name: String) throws {
        try cluster.createPgbenchDatabase(name, scale: Self.scale)
    }
}
