import RunFile
import Synchronization
import Workload

/// The run file shared by the replay threads: each hands over its outcomes in batches of encoded
/// records under a lock. The first write error is kept and stops further writes; the replay reports
/// it at the end.
final class SharedRunWriter: Sendable {
    private let state: Mutex<(writer: RunWriter, error: RunFileError?)>

    init(_ writer: sending RunWriter) {
        state = Mutex((writer, nil))
    }

    /// Appends a batch's records (unless an earlier write failed).
    func write(_ batch: borrowing RunOutcomeBatch) {
        state.withLock { state in
            guard state.error == nil else { return }
            do throws(RunFileError) {
                try state.writer.write(batch)
            } catch {
                state.error = error
            }
        }
    }

    /// Keeps `error` (an outcome a thread could not encode) as the run's first error, unless one came before.
    func fail(_ error: RunFileError) {
        state.withLock { state in
            if state.error == nil { state.error = error }
        }
    }

    /// Writes the trailer and closes the file; the first error of the run, if any.
    func finish(_ trailer: RunTrailer) -> RunFileError? {
        state.withLock { state in
            if let error = state.error { return error }
            do throws(RunFileError) {
                try state.writer.finish(trailer: trailer)
                return nil
            } catch {
                return error
            }
        }
    }

    var outcomesWritten: UInt64 { state.withLock { $0.writer.outcomesWritten } }
}

/// One replay thread's sink: outcomes go to its summary at once and, encoded as run file records on
/// this thread, to the run file in batches. The shared progress counters are updated with each batch,
/// not per outcome, so threads do not fight over their cache lines.
final class ThreadOutcomeSink: OutcomeSink {
    private let writer: SharedRunWriter
    private let shared: ReplayShared
    private var batch = RunOutcomeBatch()
    /// An outcome could not be encoded: the run has failed, and nothing more is encoded.
    private var failed = false
    /// Outcomes recorded since the last flush.
    private var pending = 0
    private var errors = 0
    private var largestLag: Int64 = 0
    private var largestReplayerLag: Int64 = 0
    private(set) var summary = ReplaySummaryBuilder()

    init(writer: SharedRunWriter, shared: ReplayShared) {
        self.writer = writer
        self.shared = shared
    }

    static let batchSize = 512

    func record(_ outcome: ReplayOutcome, production: ProductionFacts, replayerLag: Int64?) {
        summary.add(outcome, production: production, replayerLag: replayerLag)
        if outcome.status == .executed {
            if outcome.error != nil { errors += 1 }
            if let lag = outcome.sendLag, lag > largestLag { largestLag = lag }
            if let replayerLag, replayerLag > largestReplayerLag { largestReplayerLag = replayerLag }
        }
        pending += 1
        if !failed {
            do throws(RunFileError) {
                try batch.append(outcome)
            } catch {
                // As when the writer refused it: the outcomes before it are written, none after.
                failed = true
                flush()
                writer.fail(error)
                return
            }
        }
        if pending >= Self.batchSize { flush() }
    }

    func flush() {
        guard pending > 0 || !batch.isEmpty else { return }
        shared.completed.add(pending, ordering: .relaxed)
        if errors > 0 { shared.errors.add(errors, ordering: .relaxed) }
        // The replayer's own lag is part of the send lag, so it is 0 whenever the send lag is.
        if largestLag > 0 { shared.noteLag(largestLag, replayerLag: largestReplayerLag) }
        pending = 0
        errors = 0
        largestLag = 0
        largestReplayerLag = 0
        if !batch.isEmpty {
            writer.write(batch)
            batch.removeAll()
        }
    }
}
