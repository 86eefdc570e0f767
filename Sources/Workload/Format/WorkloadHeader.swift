/// The first record of a workload file: which format it uses and where its traffic came from,
/// so a reader can refuse a file it cannot understand and a report can say what was captured.
public struct WorkloadHeader: Sendable, Equatable {
    /// Major format version; a reader refuses files whose version is newer than `WorkloadFormat.version`.
    public var formatVersion: UInt16
    /// Version of the pgrehearse that wrote the file.
    public var toolVersion: String
    /// When the file was created, in nanoseconds since the Unix epoch.
    public var createdAt: Int64
    /// Capture sources: file paths, or `"live:<interface>"` for a live capture.
    public var sources: [String]
    /// TCP ports that were treated as PostgreSQL servers.
    public var serverPorts: [UInt16]
    /// libpcap link-layer type names of the sources (for example `"EN10MB"`).
    public var linkTypes: [String]

    /// The format version this build writes (the same as `WorkloadFormat.version`).
    public static let currentFormatVersion = WorkloadFormat.version

    public init(
        formatVersion: UInt16 = WorkloadFormat.version,
        toolVersion: String,
        createdAt: Int64,
        sources: [String] = [],
        serverPorts: [UInt16] = [],
        linkTypes: [String] = []
    ) {
        self.formatVersion = formatVersion
        self.toolVersion = toolVersion
        self.createdAt = createdAt
        self.sources = sources
        self.serverPorts = serverPorts
        self.linkTypes = linkTypes
    }
}
