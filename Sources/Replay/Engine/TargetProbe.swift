import RunFile
import CLibPQ
#if canImport(Glibc)
import Glibc
#endif

/// One blocking connection to the target before the replay starts: proves it is reachable with the
/// credentials the sessions will use (so a wrong password is one clear line, not a thousand failed
/// sessions), and reads what the run header records and the safety check needs.
struct TargetProbe {
    var serverVersion = ""
    var systemIdentifier: UInt64?
    /// `inet_server_addr():inet_server_port()`, or nil over a Unix socket.
    var serverAddress: String?
    var serverPort: String?
    var settings: [RunSetting] = []
    /// Connections the target can still accept for non-superusers.
    var availableConnections: Int?

    /// Settings recorded in run headers: those that change how fast the same statements run.
    static let recordedSettings = [
        "server_version", "max_connections", "shared_buffers", "effective_cache_size", "work_mem",
        "maintenance_work_mem", "random_page_cost", "seq_page_cost", "effective_io_concurrency", "jit",
        "synchronous_commit", "fsync", "wal_level", "max_parallel_workers_per_gather", "default_statistics_target",
        "checkpoint_timeout", "max_wal_size", "huge_pages", "track_io_timing",
    ]

    static func probe(_ parameters: ConnectionParameters, display: String) throws(ReplayError) -> TargetProbe {
        guard let connection = parameters.withLibpqArrays({ PQconnectdbParams($0, $1, 0) }) else {
            throw .cannotConnect(target: display, reason: "libpq could not allocate a connection")
        }
        defer { PQfinish(connection) }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection))
            let line = message.split(separator: "\n").first.map(String.init) ?? "connection failed"
            throw .cannotConnect(target: display, reason: line.trimmingPrefix("FATAL:  "))
        }
        var probe = TargetProbe()
        func query(_ sql: String) -> [[String?]]? {
            guard let result = PQexec(connection, sql) else { return nil }
            defer { PQclear(result) }
            guard PQresultStatus(result) == PGRES_TUPLES_OK else { return nil }
            return (0..<PQntuples(result)).map { row in
                (0..<PQnfields(result)).map { column in
                    PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
                }
            }
        }
        if let row = query("SELECT current_setting('server_version'), inet_server_addr()::text, inet_server_port()::text")?.first {
            probe.serverVersion = row[0] ?? ""
            probe.serverAddress = row[1].map { $0.split(separator: "/").first.map(String.init) ?? $0 }
            probe.serverPort = row[2]
        }
        // Readable by superusers and pg_monitor members only; unknown otherwise.
        if let value = query("SELECT system_identifier::text FROM pg_control_system()")?.first?[0] {
            probe.systemIdentifier = UInt64(value)
        }
        let names = recordedSettings.map { "'\($0)'" }.joined(separator: ",")
        if let rows = query("SELECT name, setting || coalesce(unit, '') FROM pg_settings WHERE name IN (\(names)) ORDER BY name") {
            probe.settings = rows.compactMap { row in row[0].map { RunSetting(name: $0, value: row[1] ?? "") } }
        }
        if let row = query("""
            SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
                   - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int
            """)?.first, let value = row[0].flatMap({ Int($0) }) {
            probe.availableConnections = value
        }
        if probe.serverPort == nil { probe.serverPort = String(cString: PQport(connection)) }
        return probe
    }
}

private extension String {
    func trimmingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
