/// The first record of a run file: which workload was replayed, against what, and how, so that
/// `compare` can refuse to compare runs of different workloads and a report can show the environment.
public struct RunHeader: Sendable, Equatable {
    /// Major format version of the run file.
    public var formatVersion: UInt16
    /// Version of the pgrehearse that replayed.
    public var toolVersion: String
    /// Path of the workload file as given on the command line.
    public var workloadPath: String
    /// 64-bit hash of the workload file's bytes (`StableHash`): identifies the workload.
    public var workloadHash: UInt64
    /// Requests in the workload (all of them, before filters and shards).
    public var workloadRequests: UInt64
    /// The target as given, with any password removed.
    public var target: String
    /// `server_version` of the target, for example `"15.18 (Debian 15.18-0+deb12u1)"`.
    public var serverVersion: String
    /// The target cluster's system identifier, when the replaying user may read it.
    public var systemIdentifier: UInt64?
    /// Settings of the target that matter for performance (`name`, `setting` with its unit).
    public var settings: [RunSetting]
    /// Replay speed factor; 0 means as fast as possible (`--speed max`).
    public var speed: Double
    /// Shard replayed (0-based index) and shard count; 0 of 1 when not sharded.
    public var shardIndex: UInt32
    public var shardCount: UInt32
    /// Command-line options that changed which requests were replayed (`"read_only"`, `"no_ddl"`, `"from=…"`, …).
    public var filters: [String]
    /// When the replay started (its schedule's time zero), ns since the Unix epoch.
    public var startedAt: Int64
    /// The capture time that the schedule's time zero corresponds to, ns since the Unix epoch.
    public var captureStart: Int64
    /// Host name of the machine that replayed (for a merged run, the distinct host names of its
    /// shards, comma-separated).
    public var hostName: String
    /// For a run merged from some but not all shards of a sharded replay: the 0-based indexes of the
    /// shards it holds, ascending (`shardCount` is then the replay's shard count). Empty otherwise: a
    /// single process's run is described by `shardIndex`, and a merge of all shards is 0 of 1.
    public var mergedShards: [UInt32]

    public init(
        formatVersion: UInt16 = 1,
        toolVersion: String,
        workloadPath: String,
        workloadHash: UInt64,
        workloadRequests: UInt64,
        target: String,
        serverVersion: String,
        systemIdentifier: UInt64? = nil,
        settings: [RunSetting] = [],
        speed: Double,
        shardIndex: UInt32 = 0,
        shardCount: UInt32 = 1,
        filters: [String] = [],
        startedAt: Int64,
        captureStart: Int64,
        hostName: String = "",
        mergedShards: [UInt32] = []
    ) {
        self.formatVersion = formatVersion
        self.toolVersion = toolVersion
        self.workloadPath = workloadPath
        self.workloadHash = workloadHash
        self.workloadRequests = workloadRequests
        self.target = target
        self.serverVersion = serverVersion
        self.systemIdentifier = systemIdentifier
        self.settings = settings
        self.speed = speed
        self.shardIndex = shardIndex
        self.shardCount = shardCount
        self.filters = filters
        self.startedAt = startedAt
        self.captureStart = captureStart
        self.hostName = hostName
        self.mergedShards = mergedShards
    }

    /// The shard indexes this run holds: `mergedShards`, or else just `shardIndex`.
    public var shards: [UInt32] {
        mergedShards.isEmpty ? [shardIndex] : mergedShards
    }
}

/// One server setting recorded in a run header.
public struct RunSetting: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
