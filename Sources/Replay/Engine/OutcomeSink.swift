import RunFile
import Workload

/// Where a replay thread's drivers hand finished outcomes (the thread batches them into the run file
/// and its summary). A protocol so a driver can be tested without a run file. The outcome and the
/// request are lent for the call only: the driver reuses their storage afterwards.
protocol OutcomeSink: AnyObject {
    /// `replayerLag`: nanoseconds the replayer itself was late with a sent request (see `ReplaySummary.replayerLagP99Ms`).
    func record(_ outcome: ReplayOutcome, production: ProductionFacts, replayerLag: Int64?)
}
