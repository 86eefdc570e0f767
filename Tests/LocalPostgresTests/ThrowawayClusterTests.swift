import Foundation
import Testing
@testable import LocalPostgres

/// Every test stops its clusters with `defer { cluster.stop() }` so none outlives the test run.
@Suite struct ThrowawayClusterTests {
    @Test func startsAnswersAndStopsCleanly() throws {
        let cluster = try ThrowawayCluster.start()
        defer { cluster.stop() }

        #expect(try cluster.psql("SELECT 1") == "1")
        #expect(try cluster.psql("SELECT inet_server_addr()::text || ' ' || inet_server_port()") == "127.0.0.1/32 \(cluster.port)")
        #expect(try cluster.psql("SHOW fsync") == "off")
        #expect(FileManager.default.fileExists(atPath: cluster.socketDirectory + "/.s.PGSQL.\(cluster.port)"))
        #expect(FileManager.default.fileExists(atPath: cluster.dataDirectory + "/PG_VERSION"))
        #expect(try cluster.psql("SHOW server_version_num").hasPrefix("15"))

        cluster.stop()
        #expect(!cluster.isRunning)
        #expect(!FileManager.default.fileExists(atPath: cluster.socketDirectory))
        cluster.stop()  // idempotent
        let refused = try cluster.run("psql", ["-X", "-c", "SELECT 1"])
        #expect(!refused.succeeded)
    }

    @Test func failingSQLReportsTheServerMessage() throws {
        let cluster = try ThrowawayCluster.start()
        defer { cluster.stop() }
        do {
            try cluster.psql("SELECT * FROM no_such_table")
            Issue.record("psql should have failed")
        } catch {
            #expect(error.description.contains("relation \"no_such_table\" does not exist"))
        }
    }

    @Test func scramRequiresThePassword() throws {
        let password = "s3cret pass'word\\"
        let cluster = try ThrowawayCluster.start(options: .init(superuserPassword: password))
        defer { cluster.stop() }

        let withoutPassword = try cluster.run(
            "psql", ["-X", "-At", "-c", "SELECT 1", cluster.connectionString()], environment: ["PGPASSWORD": ""]
        )
        #expect(!withoutPassword.succeeded)
        #expect(withoutPassword.standardError.contains("password"))

        let wrongPassword = try cluster.run(
            "psql", ["-X", "-At", "-c", "SELECT 1", cluster.connectionString(password: "wrong")], environment: ["PGPASSWORD": ""]
        )
        #expect(!wrongPassword.succeeded)
        #expect(wrongPassword.standardError.contains("password authentication failed"))

        let withPassword = try cluster.run(
            "psql", ["-X", "-At", "-c", "SELECT 1", cluster.connectionString(password: password)], environment: ["PGPASSWORD": ""]
        ).check()
        #expect(withPassword.standardOutput == "1\n")

        // The convenience helpers pass the password along.
        #expect(try cluster.psql("SELECT auth_method FROM pg_hba_file_rules WHERE type = 'host' LIMIT 1") == "scram-sha-256")
    }

    @Test func sslAcceptsRequiredTLS() throws {
        let cluster = try ThrowawayCluster.start(options: .init(ssl: true))
        defer { cluster.stop() }
        let output = try cluster.run("psql", [
            "-X", "-At", "-c", "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            cluster.connectionString() + " sslmode=require",
        ]).check()
        #expect(output.standardOutput == "t\n")
    }

    @Test(.enabled(if: ThrowawayCluster.isIPv6LoopbackAvailable, "this machine has no usable ::1 loopback address"))
    func ipv6ListensOnLoopback() throws {
        let cluster = try ThrowawayCluster.start(options: .init(ipv6: true))
        defer { cluster.stop() }
        let output = try cluster.run("psql", ["-X", "-At", "-h", "::1", "-c", "SELECT host(inet_server_addr())"]).check()
        #expect(output.standardOutput == "::1\n")
    }

    @Test func settingsAndPgStatStatements() throws {
        let cluster = try ThrowawayCluster.start(options: .init(
            statStatements: true, settings: ["work_mem": "7MB", "application_name": "it's here"]
        ))
        defer { cluster.stop() }
        #expect(try cluster.psql("SHOW work_mem") == "7MB")
        #expect(try cluster.psql("SHOW shared_preload_libraries") == "pg_stat_statements")
        let count = try cluster.psql("CREATE EXTENSION pg_stat_statements; SELECT count(*) > 0 FROM pg_stat_statements")
        #expect(count == "t")
    }

    @Test func pgbenchAndDatabasesWithAwkwardNames() throws {
        let cluster = try ThrowawayCluster.start()
        defer { cluster.stop() }
        try cluster.createDatabase("bench db")
        try cluster.pgbenchInit(database: "bench db", scale: 1)
        #expect(try cluster.psql("SELECT count(*) FROM pgbench_branches", database: "bench db") == "1")
        let viaConnectionString = try cluster.run("psql", [
            "-X", "-At", "-c", "SELECT current_database()", cluster.connectionString(database: "bench db"),
        ]).check()
        #expect(viaConnectionString.standardOutput == "bench db\n")
    }

    @Test func parallelClustersGetDistinctPortsAndDirectories() async throws {
        let clusters = try await withThrowingTaskGroup(of: ThrowawayCluster.self) { group in
            for _ in 0..<3 {
                group.addTask { try ThrowawayCluster.start() }
            }
            var started: [ThrowawayCluster] = []
            for try await cluster in group { started.append(cluster) }
            return started
        }
        defer { clusters.forEach { $0.stop() } }
        #expect(Set(clusters.map(\.port)).count == 3)
        #expect(Set(clusters.map(\.dataDirectory)).count == 3)
        for cluster in clusters {
            #expect(try cluster.psql("SELECT current_setting('port')") == String(cluster.port))
        }
    }

    @Test func startFailureCarriesTheLogAndLeavesNothingBehind() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("pgrehearse-test-\(UUID().uuidString)").path
        // World-searchable so the `postgres` user can enter it when the tests run as root.
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(atPath: parent) }

        do {
            let cluster = try ThrowawayCluster.start(options: .init(settings: ["work_mem": "lots"], parentDirectory: parent))
            cluster.stop()
            Issue.record("a cluster with an invalid setting should not start")
        } catch {
            #expect(error.description.contains("did not start"))
            #expect(error.description.contains("work_mem"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty)
    }

    @Test func invalidSettingNamesAreRejectedBeforeInitdb() {
        #expect(throws: LocalPostgresError.self) {
            try ThrowawayCluster.start(options: .init(settings: ["work_mem = 1MB\nfsync": "on"]))
        }
    }

    @Test func connectionValuesAreQuotedForLibpq() {
        #expect(ThrowawayCluster.quoteConnectionValue("postgres") == "postgres")
        #expect(ThrowawayCluster.quoteConnectionValue("") == "''")
        #expect(ThrowawayCluster.quoteConnectionValue("a b") == "'a b'")
        #expect(ThrowawayCluster.quoteConnectionValue("it's\\") == "'it\\'s\\\\'")
    }
}
