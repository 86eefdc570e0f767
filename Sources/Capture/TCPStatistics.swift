/// Counters over everything a `TCPStreamTracker` has seen, for the end-of-import summary and
/// for judging how complete a capture is (retransmissions, reordering, loss).
public struct TCPStatistics: Sendable, Hashable {
    /// Segments that belong to Postgres traffic (one side on a server port).
    public var segments: Int = 0
    /// TCP segments of other traffic, skipped.
    public var ignoredSegments: Int = 0
    /// Segments of a connection that had already closed (the last ACK of a FIN, late retransmissions), skipped.
    public var segmentsAfterClose: Int = 0
    /// Captured payload bytes in Postgres segments, duplicates included.
    public var payloadBytes: UInt64 = 0
    /// Bytes delivered in order to the stream consumers.
    public var deliveredBytes: UInt64 = 0
    /// Segments whose payload had entirely been received before (retransmissions).
    public var retransmittedSegments: Int = 0
    /// Segments that partly overlapped data received before; the first copy was kept.
    public var overlappingSegments: Int = 0
    /// Payload bytes discarded because they had been received before (retransmissions and overlaps).
    public var duplicateBytes: UInt64 = 0
    /// Segments that arrived ahead of a hole and were buffered.
    public var outOfOrderSegments: Int = 0
    /// The most bytes held in out-of-order buffers by one direction of one connection at a time.
    public var peakBufferedBytes: Int = 0
    /// Holes declared in the byte streams (packet loss in the capture, snapshot-length cuts).
    public var gaps: Int = 0
    /// Bytes missing from the streams in those holes.
    public var gapBytes: UInt64 = 0
    /// Holes declared because an out-of-order buffer reached its limit.
    public var bufferOverflows: Int = 0
    /// Segments whose payload the snapshot length cut short.
    public var truncatedSegments: Int = 0
    /// Payload bytes that arrived after the FIN of their direction and were dropped.
    public var bytesAfterFin: UInt64 = 0
    /// Connections opened.
    public var connections: Int = 0
    /// Connections whose SYN was seen (the others were already open when the capture started).
    public var connectionsWithHandshake: Int = 0
    /// Connections closed by FIN in both directions.
    public var closedByFin: Int = 0
    /// Connections closed by RST.
    public var closedByReset: Int = 0
    /// Connections still open when the capture ended.
    public var closedAtEndOfCapture: Int = 0
    /// Connections whose 4-tuple was taken over by a new SYN before they were seen to close.
    public var supersededConnections: Int = 0

    public init() {}
}
