import Synchronization
import Workload

/// What the session drivers of one replay thread share: the workload file, the filter, the schedule,
/// the connection settings and the stop flag. Owned by that thread.
final class ReplayContext {
    let requestFile: WorkloadRequestFile
    var filter: RequestFilter
    let clock: ReplayClock
    let parameters: ConnectionParameters
    let statements: [String: PreparedStatement]
    /// Whether requests carry `endsSyncGroup` (else Sync points are inferred from transaction statuses).
    let marksSyncGroups: Bool
    /// The workload's main database, for sessions whose startup was not captured.
    let defaultDatabase: String?
    let sink: OutcomeSink
    let shared: ReplayShared
    /// How long a session that lost its connection keeps trying to reconnect, in nanoseconds.
    let reconnectTimeout: Int64
    /// Statement texts decoded by this thread's sessions, shared between their requests.
    var texts = TextInterner()

    init(requestFile: WorkloadRequestFile, filter: RequestFilter, clock: ReplayClock, parameters: ConnectionParameters,
         statements: [String: PreparedStatement], marksSyncGroups: Bool, defaultDatabase: String?, sink: OutcomeSink, shared: ReplayShared, reconnectTimeout: Int64) {
        self.requestFile = requestFile
        self.filter = filter
        self.clock = clock
        self.parameters = parameters
        self.statements = statements
        self.marksSyncGroups = marksSyncGroups
        self.defaultDatabase = defaultDatabase
        self.sink = sink
        self.shared = shared
        self.reconnectTimeout = reconnectTimeout
    }
}

/// State shared by all replay threads: connection slots (`--max-connections`), the stop request,
/// and live counters for the progress line.
public final class ReplayShared: Sendable {
    /// 0 running, 1 stop scheduling and let in-flight requests finish, 2 cancel in-flight requests now.
    private let stopLevel = Atomic<Int>(0)
    private let freeSlots: Atomic<Int>
    /// Monotonic time of the first stop request.
    private let stopRequestedAt = Atomic<Int64>(0)

    public let completed = Atomic<Int>(0)
    public let errors = Atomic<Int>(0)
    public let connectionsLost = Atomic<Int>(0)
    /// Named statements prepared again by replay (after a reconnect, or prepared before the capture).
    public let statementsPreparedAgain = Atomic<Int>(0)
    /// `DEALLOCATE`s replay sent for a Close message production sent (the workload does not keep Closes).
    public let deallocationsAdded = Atomic<Int>(0)
    /// Largest send lag (ns) seen since the progress line last read it.
    public let recentLag = Atomic<Int64>(0)
    /// Largest replayer's own lag (ns, `ReplaySummary.replayerLagP99Ms`) since the progress line last read it.
    public let recentReplayerLag = Atomic<Int64>(0)

    public init(maxConnections: Int) {
        freeSlots = Atomic(maxConnections)
    }

    /// Asks the replay to stop; a second request cancels in-flight requests at once.
    public func requestStop() {
        _ = stopRequestedAt.compareExchange(expected: 0, desired: ReplayClock.monotonicNow(), ordering: .relaxed)
        stopLevel.add(1, ordering: .relaxed)
    }

    public var stopLevelValue: Int { stopLevel.load(ordering: .relaxed) }
    var stopRequestedAtValue: Int64 { stopRequestedAt.load(ordering: .relaxed) }

    func acquireSlot() -> Bool {
        var current = freeSlots.load(ordering: .relaxed)
        while current > 0 {
            let (exchanged, original) = freeSlots.compareExchange(expected: current, desired: current - 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    func releaseSlot() {
        freeSlots.add(1, ordering: .relaxed)
    }

    /// Raises the recent maxima to a thread's batch's largest send lag and replayer's own lag.
    func noteLag(_ lag: Int64, replayerLag: Int64) {
        Self.raise(recentLag, to: lag)
        Self.raise(recentReplayerLag, to: replayerLag)
    }

    private static func raise(_ maximum: borrowing Atomic<Int64>, to value: Int64) {
        var current = maximum.load(ordering: .relaxed)
        while value > current {
            let (exchanged, original) = maximum.compareExchange(expected: current, desired: value, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}
