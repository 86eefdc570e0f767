import Foundation
import LocalPostgres
import Workload

/// A real application's workload: a small psycopg 3 program (`ApplicationClient`) recorded live against
/// the `appdb` database of a cluster of its own. It holds what replay must get right beyond pgbench: named
/// prepared statements (`_pg3_N`) with binary parameters and binary results, a unique violation (23505)
/// inside a transaction that is then rolled back, COPY FROM STDIN with its data, a server-side cursor
/// (DECLARE, FETCH, CLOSE), and simple and unnamed extended queries on `customers.full_name`, the column a
/// migration test renames.
///
/// Recorded once per test process (`recorded()`); the cluster and the workload file last until it exits.
/// Replay into a copy made with `createCopy(named:)`: `appdb` itself already holds the application's changes.
public struct ApplicationWorkload: Sendable {
    public static let databaseName = "appdb"

    /// The schema and the rows the application starts from. Deterministic (no `now()`, no `random()`), so
    /// two replays into fresh copies return the same rows.
    public static let schemaSQL = """
        CREATE TABLE customers (
            id serial PRIMARY KEY,
            email text NOT NULL UNIQUE,
            full_name text,
            balance numeric(12,2) NOT NULL DEFAULT 0
        );
        CREATE TABLE orders (
            id serial PRIMARY KEY,
            customer_id integer NOT NULL REFERENCES customers (id),
            amount numeric(12,2) NOT NULL,
            note text
        );
        INSERT INTO customers (email, full_name, balance)
        SELECT 'customer' || i || '@example.com', 'Customer ' || i, i * 10 FROM generate_series(1, 50) AS i;
        """

    /// The column a migration renames; `requestsUsingRenamedColumn` are the requests that name it.
    public static let renamedTable = "customers"
    public static let renamedColumn = "full_name"
    /// The migration: after it, exactly `requestsUsingRenamedColumn` fail with 42703 (undefined_column).
    public static let renameColumnSQL = "ALTER TABLE customers RENAME COLUMN full_name TO display_name"

    public let recording: RecordedWorkload
    /// The requests whose statement text names `full_name`, in workload order. They run in autocommit and
    /// are never prepared, so on a renamed copy each fails on its own and nothing else fails with it.
    public let requestsUsingRenamedColumn: [Request]

    public var cluster: ThrowawayCluster { recording.cluster }
    public var database: String { recording.database }
    public var workloadPath: String { recording.workloadPath }
    public var requests: [Request] { recording.requests }
    /// Fingerprints of `requestsUsingRenamedColumn`.
    public var fingerprintsUsingRenamedColumn: Set<UInt64> { Set(requestsUsingRenamedColumn.compactMap(\.fingerprint)) }

    private static let cache = RecordedOnce { try ApplicationWorkload.record() }

    /// The workload, recorded on first use (about 4 s with initdb) and shared by every later caller.
    public static func recorded() throws -> ApplicationWorkload {
        try cache.value()
    }

    /// Creates database `name` on the fixture's cluster with `schemaSQL`: the state the application started from.
    public func createCopy(named name: String) throws {
        try cluster.createDatabase(name)
        try cluster.psql(Self.schemaSQL, database: name)
    }

    /// Creates database `name` as `createCopy(named:)` does, then applies `renameColumnSQL`.
    public func createRenamedCopy(named name: String) throws {
        try createCopy(named: name)
        try cluster.psql(Self.renameColumnSQL, database: name)
    }

    private static func record() throws -> ApplicationWorkload {
        let cluster = try ProcessLifetimeResources.startCluster()
        try cluster.createDatabase(databaseName)
        try cluster.psql(schemaSQL, database: databaseName)
        let scratch = try ProcessLifetimeResources.directory()
        let recording = try RecordedWorkload.record(name: "application", cluster: cluster, database: databaseName) {
            try ApplicationClient.run(connectionString: cluster.connectionString(database: databaseName),
                                      environment: cluster.clientEnvironment, scratchDirectory: scratch)
        }
        let users = recording.requests.filter { $0.text?.contains(renamedColumn) == true }
        return ApplicationWorkload(recording: recording, requestsUsingRenamedColumn: users)
    }
}
