import RunFile
import Synchronization
import Workload

/// The run file shared by the replay threads: each hands over its outcomes in batches under a lock.
/// The first write error is kept and stops further writes; the replay reports it at the end.
final class SharedRunWriter: Sendable {
    private let state: Mutex<(writer: RunWriter, error: RunFileError?)>

    init(_ writer: sending RunWriter) {
        state = Mutex((writer, nil))
    }

    func write(_ outcomes: [ReplayOutcome]) {
        state.withLock { state in
            guard state.error == nil else { return }
            do throws(RunFileError) {
                for outcome in outcomes { try state.writer.write(outcome) }
            } catch {
                state.error = error
            }
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

/// One replay thread's sink: outcomes go to its summary at once and to the run file in batches. The
/// shared progress counters are updated with each batch, not per outcome, so threads do not fight over
/// their cache lines.
final class ThreadOutcomeSink: OutcomeSink {
    private let writer: SharedRunWriter
    private let shared: ReplayShared
    private var batch: [ReplayOutcome] = []
    private var errors = 0
    private var largestLag: Int64 = 0
    private(set) var summary = ReplaySummaryBuilder()

    init(writer: SharedRunWriter, shared: ReplayShared) {
        self.writer = writer
        self.shared = shared
        batch.reserveCapacity(Self.batchSize)
    }

    static let batchSize = 512

    func record(_ outcome: ReplayOutcome, production: Request) {
        summary.add(outcome, production: production)
        if outcome.status == .executed {
            if outcome.error != nil { errors += 1 }
            if let lag = outcome.sendLag, lag > largestLag { largestLag = lag }
        }
        batch.append(outcome)
        if batch.count >= Self.batchSize { flush() }
    }

    func flush() {
        guard !batch.isEmpty else { return }
        shared.completed.add(batch.count, ordering: .relaxed)
        if errors > 0 { shared.errors.add(errors, ordering: .relaxed) }
        if largestLag > 0 { shared.noteLag(largestLag) }
        errors = 0
        largestLag = 0
        writer.write(batch)
        batch.removeAll(keepingCapacity: true)
    }
}
