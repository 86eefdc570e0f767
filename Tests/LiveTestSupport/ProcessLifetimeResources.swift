import Foundation
import Glibc
import LocalPostgres
import Synchronization

/// Clusters and a folder that outlive every test. The fixtures are recorded once per test process and handed
/// to tests of any suite (and any test target), so no suite may stop their cluster or delete their files;
/// they are stopped and removed when the test process exits.
public enum ProcessLifetimeResources {
    private struct State {
        var clusters: [ThrowawayCluster] = []
        var directory: String?
        var exitHookInstalled = false
    }

    private static let state = Mutex(State())

    /// Starts a cluster that stays up until the process exits.
    public static func startCluster(options: ClusterOptions = ClusterOptions()) throws -> ThrowawayCluster {
        let cluster = try ThrowawayCluster.start(options: options)
        state.withLock { state in
            installExitHook(&state)
            state.clusters.append(cluster)
        }
        return cluster
    }

    /// This process's folder for fixture files (mode 0700, as workload files hold data), created on first use.
    public static func directory() throws -> String {
        try state.withLock { state in
            if let directory = state.directory { return directory }
            let path = FileManager.default.temporaryDirectory
                .appendingPathComponent("pgrehearse-fixtures-\(getpid())-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            installExitHook(&state)
            state.directory = path
            return path
        }
    }

    private static func installExitHook(_ state: inout State) {
        guard !state.exitHookInstalled else { return }
        state.exitHookInstalled = true
        // A postmaster outlives the process that started it: without this it would keep running after the tests.
        atexit { ProcessLifetimeResources.releaseAll() }
    }

    /// Stops the clusters and removes the folder; run at exit.
    static func releaseAll() {
        let (clusters, directory) = state.withLock { state in
            defer { state.clusters = []; state.directory = nil }
            return (state.clusters, state.directory)
        }
        for cluster in clusters { cluster.stop() }
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }
}
