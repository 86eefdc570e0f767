/// Everything `pgrehearse replay` can be told.
public struct ReplayOptions: Sendable {
    public var workloadPath: String
    /// libpq connection string or URI of the database to replay against.
    public var target: String
    /// Run file to write.
    public var output: String
    public var speed: ReplaySpeed = .factor(1)
    /// At most this many connections open at once; nil: what the target can still accept, less a margin.
    public var maxConnections: Int?
    public var readOnly = false
    public var noDDL = false
    public var shard: ShardSelection = .all
    public var window = TimeWindow()
    /// Replay writes even against the server the workload was captured from.
    public var allowWritesToCapturedServer = false
    /// Replay threads; 0 picks `Replayer.defaultThreadCount` (one per session, up to two per processor).
    public var threads = 0
    /// How long a session whose connection broke keeps trying to reconnect.
    public var reconnectTimeoutSeconds: Double = 10
    public var toolVersion = "dev"
    /// Wall-clock time (ns since the epoch) at which the schedule starts, so that the shards of one replay,
    /// started as separate processes, run in step; nil starts at once.
    public var startAt: Int64?

    public init(workloadPath: String, target: String, output: String) {
        self.workloadPath = workloadPath
        self.target = target
        self.output = output
    }
}
