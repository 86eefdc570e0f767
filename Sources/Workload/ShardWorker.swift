import Dispatch
import Foundation
import Synchronization

/// A thread that decodes the sessions of one shard from batches handed over by the packet-reading thread.
///
/// The queue between them is bounded (a few batches), so memory stays bounded when decoding is slower
/// than reading. `finish()` waits for the thread and returns its counts, or its first error.
final class ShardWorker: Sendable {
    private struct Queue: ~Copyable {
        var batches: [ShardBatch] = []
        var closed = false
        /// Batches decoded and emptied, for the reading thread to fill again: their storage is reused
        /// rather than allocated (and zeroed) for every batch.
        var spare: [ShardBatch] = []
    }

    private let queue = Mutex(Queue())
    private let available = DispatchSemaphore(value: 0)
    private let space = DispatchSemaphore(value: 4)
    private let done = DispatchSemaphore(value: 0)
    private let result = Mutex<Result<ImportSummary, any Error>?>(nil)

    init(writer: SharedWorkloadWriter) {
        let thread = Thread { [self] in
            let shard = SessionShard(writer: writer)
            var failure: (any Error)?
            while var batch = next() {
                guard failure == nil else { continue }  // keep draining so the reader never blocks
                do { try shard.handle(batch) } catch { failure = error }
                batch.removeAll()
                queue.withLock { $0.spare.append(batch) }
            }
            let outcome: Result<ImportSummary, any Error> = failure.map { .failure($0) } ?? Result { try shard.finish() }
            result.withLock { $0 = outcome }
            done.signal()
        }
        thread.name = "pgrehearse-shard"
        thread.start()
    }

    /// Hands a batch over; waits while the worker is a few batches behind.
    func submit(_ batch: sending ShardBatch) {
        space.wait()
        queue.withLock { $0.batches.append(batch) }
        available.signal()
    }

    /// An empty batch to fill: a spare one when the worker has one, else a new one.
    func emptyBatch() -> ShardBatch {
        queue.withLock { $0.spare.popLast() } ?? ShardBatch()
    }

    /// Tells the worker no more batches come, waits for it, and returns its counts.
    func finish() throws -> ImportSummary {
        queue.withLock { $0.closed = true }
        available.signal()
        done.wait()
        return try result.withLock { $0 }?.get() ?? ImportSummary()
    }

    private func next() -> ShardBatch? {
        available.wait()
        let batch: ShardBatch? = queue.withLock { queue in
            queue.batches.isEmpty ? nil : queue.batches.removeFirst()
        }
        if batch != nil { space.signal() }
        return batch
    }
}
