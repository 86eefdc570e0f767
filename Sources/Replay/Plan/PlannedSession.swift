import Workload

/// One captured session as replay will drive it: how it connected, when, and where its requests
/// are in the workload file (offsets only, so a million requests cost 8 MB, not their contents).
public struct PlannedSession: Sendable {
    public let start: SessionStart
    /// The session's requests in sequence order (inside the time window).
    public internal(set) var requests: [PlannedRequest]
    /// When the first replayed request was sent in production (ns since the epoch).
    public internal(set) var firstRequestAt: Int64
    /// When the client connected in production; for sessions already open when the capture started,
    /// the time of the first request.
    public var connectAt: Int64 {
        start.sawStartup ? min(start.startedAt, firstRequestAt) : firstRequestAt
    }
}
