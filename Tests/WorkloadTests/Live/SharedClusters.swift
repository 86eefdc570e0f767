import LocalPostgres
import Synchronization
import Testing

/// The clusters shared by the live tests: started on first use (initdb costs about two seconds), stopped
/// when the suite that provides the pool ends.
final class SharedClusters: Sendable {
    /// The pool of the suite running now; nil outside it (a test then starts and stops its own cluster).
    @TaskLocal static var current: SharedClusters?

    private let clusters = Mutex<[ClusterKind: ThrowawayCluster]>([:])

    /// The shared cluster of this kind, started now if no test used it yet.
    func cluster(_ kind: ClusterKind) throws -> ThrowawayCluster {
        try clusters.withLock { clusters in
            if let cluster = clusters[kind] { return cluster }
            let cluster = try ThrowawayCluster.start(options: kind.options)
            clusters[kind] = cluster
            return cluster
        }
    }

    func stopAll() {
        let started = clusters.withLock { clusters in
            defer { clusters.removeAll() }
            return Array(clusters.values)
        }
        for cluster in started { cluster.stop() }
    }

    /// Runs `body` with the shared cluster of `kind`, or with a private one (stopped afterwards) outside a pool.
    static func with<Result>(_ kind: ClusterKind, _ body: (ThrowawayCluster) throws -> Result) throws -> Result {
        if let pool = current { return try body(pool.cluster(kind)) }
        let cluster = try ThrowawayCluster.start(options: kind.options)
        defer { cluster.stop() }
        return try body(cluster)
    }
}

/// Gives a suite one `SharedClusters` pool for all its tests and stops its clusters when the suite ends.
struct SharedClustersTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func scopeProvider(for test: Test, testCase: Test.Case?) -> SharedClustersTrait? {
        test.isSuite ? self : nil
    }

    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        let pool = SharedClusters()
        defer { pool.stopAll() }
        try await SharedClusters.$current.withValue(pool) { try await function() }
    }
}

extension Trait where Self == SharedClustersTrait {
    /// Shares throwaway clusters between the tests of the suite.
    static var sharedClusters: SharedClustersTrait { SharedClustersTrait() }
}
