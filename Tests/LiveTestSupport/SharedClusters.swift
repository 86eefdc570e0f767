import LocalPostgres
import Synchronization

/// The clusters shared by the live tests: started on first use (initdb costs about two seconds), stopped
/// when the suite that provides the pool ends (see `SharedClustersTrait`).
public final class SharedClusters: Sendable {
    /// The pool of the suite running now; nil outside it (a test then starts and stops its own cluster).
    @TaskLocal public static var current: SharedClusters?

    private let clusters = Mutex<[ClusterKind: ThrowawayCluster]>([:])

    public init() {}

    /// The shared cluster of this kind, started now if no test used it yet.
    public func cluster(_ kind: ClusterKind) throws -> ThrowawayCluster {
        try clusters.withLock { clusters in
            if let cluster = clusters[kind] { return cluster }
            let cluster = try ThrowawayCluster.start(options: kind.options)
            clusters[kind] = cluster
            return cluster
        }
    }

    public func stopAll() {
        let started = clusters.withLock { clusters in
            defer { clusters.removeAll() }
            return Array(clusters.values)
        }
        for cluster in started { cluster.stop() }
    }

    /// Runs `body` with the shared cluster of `kind`, or with a private one (stopped afterwards) outside a pool.
    public static func with<Result>(_ kind: ClusterKind, _ body: (ThrowawayCluster) throws -> Result) throws -> Result {
        if let pool = current { return try body(pool.cluster(kind)) }
        let cluster = try ThrowawayCluster.start(options: kind.options)
        defer { cluster.stop() }
        return try body(cluster)
    }
}
