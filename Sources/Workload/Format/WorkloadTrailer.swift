/// The last record of a complete workload file: totals and capture health.
/// A file without it was cut short; everything before it is still usable.
public struct WorkloadTrailer: Sendable, Equatable {
    /// Earliest timestamp in the file (ns since epoch); nil when no packet was seen.
    public var firstTimestamp: Int64?
    /// Latest timestamp in the file (ns since epoch); nil when no packet was seen.
    public var lastTimestamp: Int64?
    public var sessions: UInt32
    public var requests: UInt64
    /// Bytes missing from all conversations (TCP gaps).
    public var gapBytes: UInt64
    public var encryptedSessions: UInt32
    public var packetsSeen: UInt64
    /// Packets the kernel dropped during a live capture; nil for capture files.
    public var packetsDropped: UInt64?
    /// libpcap's message when an input file ended in the middle of a packet.
    public var truncatedInput: String?
    /// The full import summary as JSON text; stored as is, never interpreted by the format.
    public var summaryJSON: String

    public init(
        firstTimestamp: Int64? = nil,
        lastTimestamp: Int64? = nil,
        sessions: UInt32 = 0,
        requests: UInt64 = 0,
        gapBytes: UInt64 = 0,
        encryptedSessions: UInt32 = 0,
        packetsSeen: UInt64 = 0,
        packetsDropped: UInt64? = nil,
        truncatedInput: String? = nil,
        summaryJSON: String = "{}"
    ) {
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
        self.sessions = sessions
        self.requests = requests
        self.gapBytes = gapBytes
        self.encryptedSessions = encryptedSessions
        self.packetsSeen = packetsSeen
        self.packetsDropped = packetsDropped
        self.truncatedInput = truncatedInput
        self.summaryJSON = summaryJSON
    }
}
