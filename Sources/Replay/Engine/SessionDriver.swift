import RunFile
import CLibPQ
import Foundation
import Workload

/// Replays one captured session over one non-blocking libpq connection: connects when the session
/// connected in production, sends each request when it is due and not before the previous one of the
/// session completed (or together with it, for pipelined requests), and records every outcome.
///
/// A driver never waits: `advance` does whatever can be done now and says, through `pollEvents` and
/// `wakeAt`, what it waits for. Sessions are independent, so no session ever waits for another's turn.
final class SessionDriver {
    private enum State {
        /// Not connected; try at this monotonic time.
        case waitingToConnect(notBefore: Int64)
        case connecting(wantsWrite: Bool)
        /// Connected and idle: the next request waits for its time.
        case ready
        /// Steps were sent and their results are awaited.
        case busy
        case finished
    }

    /// One thing sent on the connection whose results are awaited, in order. Each names its request
    /// by its index in `inFlight` (plain values, so queues of steps copy no strings).
    private enum Step {
        /// `DEALLOCATE` of the statement the request prepares: production closed it with a Close message
        /// the workload does not hold.
        case deallocate(forRequest: Int)
        /// A named Parse of the request's statement, which production made before the capture (or on a
        /// connection lost since): its results go to the request (whose outcome takes a Parse error).
        case prepare(forRequest: Int)
        case request(Int)
        /// A pipeline synchronisation point.
        case sync
    }

    /// A request sent (or about to be) and the outcome it is building.
    private struct InFlight {
        var loaded: LoadedRequest
        var outcome: ReplayOutcome
        var checksum = ResultChecksum()
        var done = false
        /// Nanoseconds from when the request was both due and free to go (its session's earlier answers
        /// in) to its send: the replayer's own lateness, without the time spent waiting for the target.
        var replayerLag: Int64 = 0
    }

    let session: PlannedSession
    private let context: ReplayContext
    private var state: State
    private var connection: PGConnection?
    /// The connection's socket once it is established, else -1: the loop asks for it before every
    /// poll, and reading it here costs no retain of the connection.
    private var establishedSocket: Int32 = -1
    private var nextIndex = 0
    /// The next request of the session, once loaded (`peek`).
    private var upcoming: LoadedRequest?
    private var inFlight: [InFlight] = []
    /// Requests whose results ended, waiting to be recorded once the next request is on its way.
    private var completed: [InFlight] = []
    /// Steps not yet sent (outside pipeline mode they go one at a time).
    private var unsent = ScratchQueue<Step>()
    /// Steps sent whose results are awaited, oldest first.
    private var awaiting = ScratchQueue<Step>()
    private var pipeline = false
    private var copyIn: (data: [UInt8], offset: Int, failure: String?, request: Int)?
    private var copyOut: Int?
    private var wantsWrite = false
    private var singleRowSet = false
    /// When the connection last had nothing in flight (monotonic): established, or its last answer read.
    private var freeSince: Int64 = 0
    private var prepared: Set<String> = [] {
        didSet { lastPrepared = nil }
    }
    /// The name last found in `prepared` (forgotten whenever `prepared` changes): a session executes one
    /// statement after another, and comparing a name is cheaper than hashing it.
    private var lastPrepared: String?
    /// Portals production left suspended by a row limit, with their statement text.
    private var suspendedPortals: [String: String] = [:]
    private var hasSlot = false
    /// Time the connection was lost (monotonic); reconnection is tried until the timeout.
    private var lostAt: Int64?
    private var backoff: Int64 = 50_000_000
    /// Production was inside a transaction when the connection broke: its rest is not replayed.
    private var skippingBrokenTransaction = false
    private var lastProductionStatus: UInt8?
    private var cancelSent = false
    /// This session's read-ahead of the workload file.
    private var window = WorkloadReadWindow()
    /// Loaded requests already recorded, reused for the next ones (with their arrays' capacity).
    private var pool: [LoadedRequest] = []
    /// Command tag arrays of recorded outcomes, reused for the next ones.
    private var tagArrays: [[String]] = []

    init(session: PlannedSession, context: ReplayContext) {
        self.session = session
        self.context = context
        let connectAt = context.clock.due(captureTime: session.connectAt) ?? context.clock.startMonotonic
        state = .waitingToConnect(notBefore: connectAt)
    }

    var isFinished: Bool {
        if case .finished = state { return true }
        return false
    }

    /// The socket and poll events this driver waits for; nil when it waits for time only.
    var pollRequest: (socket: Int32, events: Int16)? {
        switch state {
        case .connecting(let write):
            guard let connection else { return nil }
            return (connection.socket, Int16(write ? POLLOUT : POLLIN))
        case .busy:
            guard establishedSocket >= 0 else { return nil }
            return (establishedSocket, Int16(POLLIN) | (wantsWrite ? Int16(POLLOUT) : 0))
        case .ready:
            // Idle: a server-side close (restart) shows as readable.
            guard establishedSocket >= 0 else { return nil }
            return (establishedSocket, Int16(POLLIN))
        default:
            return nil
        }
    }

    /// Whether libpq is establishing the connection (it may change sockets meanwhile).
    var isConnecting: Bool {
        if case .connecting = state { return true }
        return false
    }

    /// Connections started so far: a change tells the loop that the socket number stands for a new socket.
    private(set) var connectionCount: UInt64 = 0

    /// The monotonic time this driver next needs to act without socket events; nil for none.
    /// After Ctrl-C a session waiting for its next request or connection acts at once (it ends).
    func wakeAt() -> Int64? {
        switch state {
        case .waitingToConnect(let time): return context.shared.stopLevelValue > 0 ? 0 : time
        case .ready: return context.shared.stopLevelValue > 0 ? 0 : nextDue() ?? 0
        case .busy:
            let stopAt = context.shared.stopRequestedAtValue
            return stopAt != 0 && !cancelSent ? stopAt + Self.stopGrace : nil
        default: return nil
        }
    }

    /// In-flight requests get this long to finish after Ctrl-C before they are cancelled.
    static let stopGrace: Int64 = 2_000_000_000

    // MARK: - Advancing

    /// Does everything that can be done now; `readable`/`writable` report the socket's poll result.
    func advance(now: Int64, readable: Bool, writable: Bool) {
        var readable = readable
        var writable = writable
        var rounds = 0
        while rounds < 64 {
            rounds += 1
            switch state {
            case .finished:
                return
            case .waitingToConnect(let notBefore):
                if context.shared.stopLevelValue > 0 { return finish() }
                guard now >= notBefore else { return }
                if peek() == nil { return finish() }
                if !hasSlot {
                    guard context.shared.acquireSlot() else {
                        state = .waitingToConnect(notBefore: now + 1_000_000)
                        return
                    }
                    hasSlot = true
                }
                startConnecting(now: now)
            case .connecting:
                guard let connection else { return }
                switch connection.pollConnect() {
                case .waitingToRead:
                    state = .connecting(wantsWrite: false)
                    return
                case .waitingToWrite:
                    state = .connecting(wantsWrite: true)
                    return
                case .ready:
                    lostAt = nil
                    backoff = 50_000_000
                    establishedSocket = connection.socket
                    freeSince = ReplayClock.monotonicNow()
                    state = .ready
                case .failed(let message):
                    connectFailed(message: message, now: now)
                }
            case .ready:
                if readable, let connection, !connection.consumeInput() || connection.isBad {
                    readable = false
                    lose(message: connection.errorMessage, sqlState: nil, now: now)
                    continue
                }
                readable = false
                let sent = sendNext(now: now)
                recordCompleted()
                guard sent else { return }
            case .busy:
                guard let connection else { return }
                if writable || wantsWrite {
                    writable = false
                    let flushed = connection.flush()
                    if flushed < 0 {
                        lose(message: connection.errorMessage, sqlState: nil, now: now)
                        continue
                    }
                    wantsWrite = flushed == 1
                }
                if copyIn != nil, !pumpCopyIn(on: connection) {
                    lose(message: connection.errorMessage, sqlState: nil, now: now)
                    continue
                }
                if readable {
                    readable = false
                    // A failure here is not handled here: results already received are still read below,
                    // and the broken connection shows there.
                    _ = connection.consumeInput()
                }
                maybeCancel(now: now, on: connection)
                let progressed = processResults(on: connection)
                if case .busy = state, !progressed { return }
            }
        }
    }

    // MARK: - Connecting

    private func startConnecting(now: Int64) {
        let parameters = context.parameters.forSession(session.start, defaultDatabase: context.defaultDatabase)
        guard let connection = PGConnection(parameters: parameters) else {
            return connectFailed(message: "libpq could not allocate a connection", now: now)
        }
        self.connection = connection
        connectionCount &+= 1
        establishedSocket = -1
        if connection.isBad {
            return connectFailed(message: connection.errorMessage, now: now)
        }
        state = .connecting(wantsWrite: true)
    }

    private func connectFailed(message: String, now: Int64) {
        connection = nil
        establishedSocket = -1
        let firstFailure = lostAt ?? now
        lostAt = firstFailure
        // Stopping: the requests not reached get no outcome, as everywhere after a stop.
        if context.shared.stopLevelValue > 0 { return finish() }
        if now - firstFailure >= context.reconnectTimeout {
            // Give up: every remaining request records the connection error.
            let error = Self.connectionError(message, sqlState: "08001")
            while let loaded = take() {
                var outcome = Self.outcome(for: loaded, status: .connectionLost, now: now, context: context)
                record(&outcome, loaded: loaded, error: error)
            }
            return finish()
        }
        state = .waitingToConnect(notBefore: now + backoff)
        backoff = min(backoff * 2, 1_000_000_000)
    }

    /// The connection broke: requests in flight record the error, the rest of a production transaction
    /// that was open is not replayed, and the session reconnects for its next request.
    private func lose(message: String, sqlState: String?, now: Int64) {
        context.shared.connectionsLost.add(1, ordering: .relaxed)
        let error = Self.connectionError(message, sqlState: sqlState ?? "08006")
        for index in inFlight.indices where !inFlight[index].done {
            inFlight[index].outcome.status = .connectionLost
            inFlight[index].outcome.error = inFlight[index].outcome.error ?? error
        }
        flushInFlight(now: now, transactionStatus: nil)
        connection = nil
        establishedSocket = -1
        prepared.removeAll()
        unsent.removeAll()
        awaiting.removeAll()
        pipeline = false
        copyIn = nil
        copyOut = nil
        wantsWrite = false
        if let status = lastProductionStatus, status != UInt8(ascii: "I") { skippingBrokenTransaction = true }
        lostAt = now
        backoff = 50_000_000
        state = .waitingToConnect(notBefore: now)
    }

    private func finish() {
        recordCompleted()
        connection = nil
        establishedSocket = -1
        if hasSlot {
            context.shared.releaseSlot()
            hasSlot = false
        }
        state = .finished
    }

    // MARK: - Loading requests

    /// The next request of the session, loaded from the workload on first look.
    private func peek() -> LoadedRequest? {
        if let upcoming { return upcoming }
        guard nextIndex < session.requests.count else { return nil }
        let offset = session.requests[nextIndex].offset
        let end = window.holdsRecord(startingAt: offset) ? offset : readAheadEnd(from: nextIndex)
        nextIndex += 1
        let loaded = pool.popLast() ?? LoadedRequest()
        do {
            try context.requestFile.withRequestPayload(at: offset, readingAheadTo: end, window: &window) {
                (cursor: inout WorkloadPayloadCursor) throws(WorkloadPayloadError) -> Void in
                try loaded.decode(&cursor, texts: &context.texts)
            }
            resolve(loaded)
        } catch {
            // The file was checked while planning; damage now means it changed underneath.
            loaded.setUnreadable(session: session.start.session, sentAt: session.firstRequestAt)
        }
        upcoming = loaded
        return loaded
    }

    /// Where one read of the workload should end to also hold the session's next requests: the last of
    /// them (at most 64) that starts within 28 KiB, plus room for it; `from`'s own offset when none does.
    private func readAheadEnd(from index: Int) -> UInt64 {
        let first = session.requests[index].offset
        var end = first
        var next = index + 1
        while next < session.requests.count, next - index <= 64 {
            let offset = session.requests[next].offset
            guard offset > first, offset - first < 28 * 1024 else { break }
            end = offset
            next += 1
        }
        return end == first ? first : end + 1024
    }

    private func take() -> LoadedRequest? {
        if upcoming == nil { _ = peek() }
        return upcoming.take()
    }

    /// Completes a request just decoded: its text, due time and whether it is skipped.
    private func resolve(_ loaded: LoadedRequest) {
        if loaded.text == nil, !loaded.statementName.isEmpty {
            loaded.text = context.statements[loaded.statementName]?.text
        }
        let text = loaded.text
        loaded.due = context.clock.due(captureTime: loaded.sentAt)
        // A portal that production's row limit suspended is continued by later Executes; replay ran it
        // whole the first time, so those are skipped. The unnamed portal counts as continued only by an
        // Execute of the same statement text (a new Bind would have replaced it).
        if loaded.kind == .execute, !suspendedPortals.isEmpty, let previous = suspendedPortals[loaded.portalName],
           !loaded.portalName.isEmpty || previous == text {
            loaded.skipReason = RequestFilter.Reason.portalContinuation
        } else {
            loaded.skipReason = context.filter.skipReason(kind: loaded.kind, fingerprint: loaded.fingerprint, text: text)
        }
        if loaded.kind == .execute {
            if loaded.productionSuspended {
                suspendedPortals[loaded.portalName] = text ?? ""
            } else if !suspendedPortals.isEmpty {
                suspendedPortals[loaded.portalName] = nil
            }
        }
    }

    /// Takes back a recorded request for reuse; large buffers are let go rather than kept.
    private func recycle(_ loaded: LoadedRequest) {
        guard pool.count < 300 else { return }
        loaded.copyData = nil
        loaded.parameterBytes.removeAll(keepingAtMost: 64 * 1024)
        pool.append(loaded)
    }

    private func nextDue() -> Int64? {
        guard let next = peek() else { return 0 }
        return next.due
    }

    // MARK: - Sending

    /// Sends the next request (or pipelined batch) if it is due; false when there is nothing to do now.
    private func sendNext(now: Int64) -> Bool {
        guard context.shared.stopLevelValue == 0 else {
            finish()
            return false
        }
        guard let next = peek() else {
            finish()
            return false
        }
        if next.skipReason != nil || skippingBrokenTransaction {
            guard let loaded = take() else { return false }
            if let reason = loaded.skipReason {
                var outcome = Self.outcome(for: loaded, status: .skipped, now: now, context: context)
                outcome.skipReason = reason
                record(&outcome, loaded: loaded, error: nil)
            } else {
                let error = Self.connectionError("the connection was lost earlier in this transaction", sqlState: "08006")
                var outcome = Self.outcome(for: loaded, status: .connectionLost, now: now, context: context)
                record(&outcome, loaded: loaded, error: error)
                if loaded.productionTransactionStatus == UInt8(ascii: "I") { skippingBrokenTransaction = false }
            }
            return true
        }
        if let due = next.due, now < due { return false }
        guard let connection else {
            state = .waitingToConnect(notBefore: now)
            return true
        }

        let batch = pipelineBatch()
        pipeline = batch > 1
        if pipeline, !connection.enterPipelineMode() {
            pipeline = false
        }
        let count = pipeline ? batch : 1
        for position in 0..<count {
            guard let loaded = take() else { break }
            if let reason = loaded.skipReason {
                var outcome = Self.outcome(for: loaded, status: .skipped, now: now, context: context)
                outcome.skipReason = reason
                record(&outcome, loaded: loaded, error: nil)
                continue
            }
            let index = inFlight.count
            // Built in place: an outcome is copied and destroyed field by field.
            inFlight.append(InFlight(loaded: loaded, outcome: Self.outcome(for: loaded, status: .executed, now: now,
                                                                           context: context)))
            let sentAt = ReplayClock.monotonicNow()
            inFlight[index].outcome.sentAt = context.clock.epoch(sentAt)
            inFlight[index].replayerLag = max(0, sentAt - max(loaded.due ?? now, freeSince))
            if let tags = tagArrays.popLast() { inFlight[index].outcome.commandTags = tags }
            lastProductionStatus = loaded.productionTransactionStatus ?? lastProductionStatus
            appendSteps(for: loaded, index: index)
            if pipeline, endsSyncGroup(loaded) || position == count - 1 {
                unsent.append(.sync)
            }
        }
        if pipeline, let last = unsent.last, !isSync(last) { unsent.append(.sync) }
        if inFlight.isEmpty {
            if pipeline {
                unsent.removeAll()
                _ = connection.exitPipelineMode()
                pipeline = false
            }
            return true
        }
        state = .busy
        if !sendUnsent(on: connection) {
            lose(message: connection.errorMessage, sqlState: nil, now: now)
            return true
        }
        // Read the next request now, while the server works on this one.
        _ = peek()
        return true
    }

    /// Whether the client sent Sync after `request`: marked in the workload, or (older files) inferred
    /// from the transaction status that only a ReadyForQuery, the answer to a Sync, reports.
    private func endsSyncGroup(_ loaded: LoadedRequest) -> Bool {
        context.marksSyncGroups ? loaded.flags.contains(.endsSyncGroup) : loaded.productionTransactionStatus != nil
    }

    private func isSync(_ step: Step) -> Bool {
        if case .sync = step { return true }
        return false
    }

    /// How many requests from the next one on go out together in pipeline mode: the next request and
    /// the ones production sent before it completed, as long as libpq can pipeline them.
    private func pipelineBatch() -> Int {
        // Decided from the plan, without reading the following requests: they are read while the server works.
        let first = upcoming == nil ? nextIndex : nextIndex - 1
        guard first < session.requests.count, session.requests[first].isExtended else { return 1 }
        var count = 1
        while count < 256, first + count < session.requests.count {
            let next = session.requests[first + count]
            guard next.isPipelined, next.isExtended else { break }
            count += 1
        }
        return count
    }

    /// Whether the statement `name` is prepared on this connection.
    private func isPrepared(_ name: String) -> Bool {
        if let lastPrepared, lastPrepared == name { return true }
        guard prepared.contains(name) else { return false }
        lastPrepared = name
        return true
    }

    /// Queues the protocol steps that replay `loaded` on this connection.
    private func appendSteps(for loaded: LoadedRequest, index: Int) {
        switch loaded.kind {
        case .prepare:
            if isPrepared(loaded.statementName), !loaded.production.hasError {
                // Production re-prepared the name, so it closed it first with a message the workload does not keep.
                context.shared.deallocationsAdded.add(1, ordering: .relaxed)
                unsent.append(.deallocate(forRequest: index))
            }
            unsent.append(.request(index))
        case .execute where !loaded.statementName.isEmpty && !isPrepared(loaded.statementName):
            context.shared.statementsPreparedAgain.add(1, ordering: .relaxed)
            unsent.append(.prepare(forRequest: index))
            unsent.append(.request(index))
        default:
            unsent.append(.request(index))
        }
    }

    /// Sends queued steps: all of them in pipeline mode, else the first (the others follow its results).
    private func sendUnsent(on connection: PGConnection) -> Bool {
        while !unsent.isEmpty {
            if !pipeline, !awaiting.isEmpty { break }
            guard let step = unsent.removeFirst(), send(step, on: connection) else { return false }
            awaiting.append(step)
            if !pipeline { break }
        }
        let flushed = connection.flush()
        wantsWrite = flushed == 1
        return flushed >= 0
    }

    private func send(_ step: Step, on connection: PGConnection) -> Bool {
        singleRowSet = false
        switch step {
        case .deallocate(let index):
            let name = inFlight[index].loaded.statementName
            if pipeline {
                return connection.sendExecute(name: nil, text: "DEALLOCATE " + Self.quoteIdentifier(name), types: [],
                                              parameters: [], formats: [], resultFormat: 0)
            }
            return connection.sendQuery("DEALLOCATE " + Self.quoteIdentifier(name))
        case .prepare(let index):
            let loaded = inFlight[index].loaded
            let types = loaded.parameterTypeOIDs.isEmpty
                ? context.statements[loaded.statementName]?.parameterTypes ?? [] : Array(loaded.parameterTypeOIDs.values)
            return connection.sendPrepare(name: loaded.statementName, text: loaded.text ?? "", types: types)
        case .sync:
            return connection.pipelineSync()
        case .request(let index):
            let loaded = inFlight[index].loaded
            let text = loaded.text ?? ""
            let sent: Bool
            switch loaded.kind {
            case .query:
                sent = connection.sendQuery(text)
            case .prepare:
                sent = connection.sendPrepare(name: loaded.statementName, text: text, types: Array(loaded.parameterTypeOIDs.values))
            case .execute:
                sent = connection.sendExecute(name: loaded.statementName.isEmpty ? nil : loaded.statementName, text: text,
                                              request: loaded)
            case .functionCall:
                sent = false
            }
            if sent, !pipeline { singleRowSet = connection.setSingleRowMode() }
            return sent
        }
    }

    static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: - Receiving

    /// Reads every result available without blocking; true when anything happened.
    /// `connection` is the driver's, passed down (as to the functions this calls) rather than looked
    /// up again: each look-up of the optional costs a retain and a release.
    private func processResults(on connection: PGConnection) -> Bool {
        var progressed = false
        while let step = awaiting.first {
            if let request = copyOut {
                var receivedRow = false
                copyLoop: while true {
                    switch connection.getCopyRow({ bytes in inFlight[request].checksum.addRow(bytes); inFlight[request].outcome.dataRows += 1 }) {
                    case .row: receivedRow = true
                    case .wouldBlock: break copyLoop
                    case .done, .failed:
                        copyOut = nil
                        break copyLoop
                    }
                }
                if copyOut != nil { return progressed || receivedRow }
                progressed = true
            }
            if connection.isBusy {
                if connection.isBad {
                    lose(message: connection.errorMessage, sqlState: nil, now: ReplayClock.monotonicNow())
                    return true
                }
                return progressed
            }
            if case .request = step, pipeline, !singleRowSet {
                // In a pipeline, each query's rows are asked for one at a time just before they are read.
                singleRowSet = connection.setSingleRowMode()
            }
            let result = connection.nextResult()
            progressed = true
            guard let result else {
                // A send that failed after the step lost the connection: nothing more to read on it.
                guard finishStep(step, on: connection) else { return true }
                continue
            }
            switch step {
            case .sync:
                if result.status == PGRES_PIPELINE_SYNC {
                    guard finishStep(step, on: connection) else { return true }
                    syncReached()
                }
            case .deallocate:
                break
            case .prepare(let index):
                if result.status == PGRES_FATAL_ERROR {
                    inFlight[index].outcome.error = result.errorInfo
                } else if result.status == PGRES_COMMAND_OK {
                    prepared.insert(inFlight[index].loaded.statementName)
                }
            case .request(let index):
                handle(result, request: index, on: connection)
            }
        }
        if awaiting.isEmpty, unsent.isEmpty, copyIn == nil {
            if pipeline {
                _ = connection.exitPipelineMode()
                pipeline = false
            }
            freeSince = ReplayClock.monotonicNow()
            completeInFlight(now: freeSince, transactionStatus: connection.transactionStatus)
            if connection.isBad {
                lose(message: connection.errorMessage, sqlState: nil, now: ReplayClock.monotonicNow())
            } else {
                state = .ready
            }
            return true
        }
        return progressed
    }

    private func handle(_ result: borrowing PGResult, request index: Int, on connection: PGConnection) {
        switch result.status {
        case PGRES_SINGLE_TUPLE, PGRES_TUPLES_OK:
            let rows = result.rowCount
            if rows > 0 {
                var checksum = inFlight[index].checksum
                for row in 0..<rows {
                    checksum.beginRow()
                    result.forEachValue(row: row) { checksum.addValue($0) }
                    checksum.endRow()
                }
                inFlight[index].checksum = checksum
                inFlight[index].outcome.dataRows += UInt64(rows)
            }
            if result.status == PGRES_TUPLES_OK { addTag(context.texts.string(repairing: result.commandStatusBytes), to: index) }
        case PGRES_COMMAND_OK:
            addTag(context.texts.string(repairing: result.commandStatusBytes), to: index)
        case PGRES_EMPTY_QUERY:
            break
        case PGRES_COPY_IN:
            let loaded = inFlight[index].loaded
            copyIn = (loaded.copyData ?? [], 0, loaded.copyFail, index)
            if !pumpCopyIn(on: connection) { return }
        case PGRES_COPY_OUT:
            copyOut = index
        case PGRES_FATAL_ERROR:
            if inFlight[index].outcome.error == nil {
                inFlight[index].outcome.error = result.errorInfo
            }
            if inFlight[index].outcome.error?.sqlState == "57014", context.shared.stopLevelValue > 0, cancelSent {
                inFlight[index].outcome.status = .cancelled
            }
        case PGRES_PIPELINE_ABORTED:
            // The server skipped it after an earlier error of its Sync group: no tag, no error, as in production.
            break
        default:
            break
        }
    }

    private func addTag(_ tag: String, to index: Int) {
        guard !tag.isEmpty else { return }
        inFlight[index].outcome.commandTags.append(tag)
        inFlight[index].outcome.rows += CommandTag.rowCount(fromTag: tag)
    }

    /// Queues COPY data without blocking; false when the connection failed.
    private func pumpCopyIn(on connection: PGConnection) -> Bool {
        guard var copy = copyIn else { return true }
        while copy.offset < copy.data.count {
            let end = min(copy.offset + 65_536, copy.data.count)
            let status = copy.data.withUnsafeBytes { connection.putCopyData(UnsafeRawBufferPointer(rebasing: $0[copy.offset..<end])) }
            if status < 0 { return false }
            if status == 0 {
                copyIn = copy
                wantsWrite = true
                return true
            }
            copy.offset = end
        }
        let status = connection.putCopyEnd(failure: copy.failure)
        if status < 0 { return false }
        if status == 0 {
            copyIn = copy
            wantsWrite = true
            return true
        }
        copyIn = nil
        let flushed = connection.flush()
        wantsWrite = flushed == 1
        return flushed >= 0
    }

    /// The results of `step` ended: outside pipeline mode, the next queued step goes out now. False when
    /// that send lost the connection (`lose` has then recorded everything in flight and reset the driver).
    private func finishStep(_ step: Step, on connection: PGConnection) -> Bool {
        _ = awaiting.removeFirst()
        singleRowSet = false
        if case .request(let index) = step {
            inFlight[index].done = true
            inFlight[index].outcome.completedAt = context.clock.epoch(ReplayClock.monotonicNow())
            if !pipeline {
                inFlight[index].outcome.transactionStatus = connection.transactionStatus
            }
        }
        if !pipeline, !unsent.isEmpty {
            if case .request(let index) = unsent.first, inFlight[index].outcome.error != nil {
                // Its hidden Parse failed: the request is not sent, it keeps the Parse's error.
                _ = unsent.removeFirst()
                inFlight[index].done = true
                inFlight[index].outcome.completedAt = context.clock.epoch(ReplayClock.monotonicNow())
                inFlight[index].outcome.transactionStatus = connection.transactionStatus
                return true
            }
            if !sendUnsent(on: connection) {
                lose(message: connection.errorMessage, sqlState: nil, now: ReplayClock.monotonicNow())
                return false
            }
        }
        return true
    }

    /// A pipeline Sync answered: the requests before it take the transaction status it reports.
    private func syncReached() {
        let status = connection?.transactionStatus
        for index in inFlight.indices where inFlight[index].done && inFlight[index].outcome.transactionStatus == nil {
            inFlight[index].outcome.transactionStatus = status
        }
    }

    /// Records every request in flight (done or lost) and empties the list.
    private func flushInFlight(now: Int64, transactionStatus: UInt8?) {
        completeInFlight(now: now, transactionStatus: transactionStatus)
        recordCompleted()
    }

    /// Closes the requests in flight: their last fields, and what they did to the connection's prepared
    /// statements (needed before the next request goes out). Recording them waits for `recordCompleted`,
    /// so the next request is sent first and the bookkeeping overlaps the server's work.
    private func completeInFlight(now: Int64, transactionStatus: UInt8?) {
        for index in inFlight.indices {
            if inFlight[index].outcome.transactionStatus == nil { inFlight[index].outcome.transactionStatus = transactionStatus }
            let status = inFlight[index].outcome.status
            if inFlight[index].outcome.completedAt == nil, status == .executed || status == .cancelled {
                inFlight[index].outcome.completedAt = context.clock.epoch(now)
            }
            let loaded = inFlight[index].loaded
            guard status == .executed, inFlight[index].outcome.error == nil else { continue }
            if loaded.kind == .prepare { prepared.insert(loaded.statementName) }
            if loaded.kind == .query, let text = loaded.text { applyDeallocations(in: text) }
        }
        if completed.isEmpty {
            swap(&completed, &inFlight)
        } else {
            completed.append(contentsOf: inFlight)
            inFlight.removeAll(keepingCapacity: true)
        }
    }

    /// Records the outcomes of completed requests.
    private func recordCompleted() {
        guard !completed.isEmpty else { return }
        // Moved out in order (reversed, then popped from the end): an outcome is never copied.
        if completed.count > 1 { completed.reverse() }
        while var entry = completed.popLast() {
            entry.outcome.orderedChecksum = entry.checksum.ordered
            entry.outcome.unorderedChecksum = entry.checksum.unordered
            record(&entry.outcome, loaded: entry.loaded, error: nil, replayerLag: entry.replayerLag)
        }
    }

    /// Keeps the set of prepared names right after `DEALLOCATE name`, `DEALLOCATE ALL` and `DISCARD ALL`.
    private func applyDeallocations(in text: String) {
        guard text.utf8.count < 200, let first = text.utf8.first(where: { $0 != 32 && $0 != 10 && $0 != 9 }),
              first | 0x20 == UInt8(ascii: "d") else { return }
        let words = text.lowercased().split { $0 == " " || $0 == ";" || $0 == "\n" || $0 == "\t" }
        guard let first = words.first else { return }
        if first == "discard", words.dropFirst().first == "all" { prepared.removeAll() }
        guard first == "deallocate" else { return }
        var rest = words.dropFirst()
        if rest.first == "prepare" { rest = rest.dropFirst() }
        guard let target = rest.first else { return }
        if target == "all" {
            prepared.removeAll()
        } else {
            let name = target.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            prepared = prepared.filter { $0.lowercased() != name }
        }
    }

    /// After Ctrl-C, in-flight requests get a grace period, then the server is asked to cancel them.
    private func maybeCancel(now: Int64, on connection: PGConnection) {
        guard !cancelSent else { return }
        let level = context.shared.stopLevelValue
        guard level > 0 else { return }
        let stopAt = context.shared.stopRequestedAtValue
        if level >= 2 || now >= stopAt + Self.stopGrace {
            cancelSent = true
            connection.cancel()
        }
    }

    // MARK: - Outcomes

    /// Hands the outcome to the sink, then takes back the request and the outcome's tag array for reuse.
    private func record(_ outcome: inout ReplayOutcome, loaded: LoadedRequest, error: ErrorInfo?, replayerLag: Int64? = nil) {
        if let error, outcome.error == nil { outcome.error = error }
        if outcome.status == .executed {
            outcome.productionMismatch = ProductionComparison.mismatch(production: loaded, replayed: outcome)
        }
        context.sink.record(outcome, production: loaded.production, replayerLag: replayerLag)
        recycle(loaded)
        guard outcome.commandTags.capacity > 0, outcome.commandTags.capacity <= 64, tagArrays.count < 64 else { return }
        var tags: [String] = []
        swap(&tags, &outcome.commandTags)
        while !tags.isEmpty { tags.removeLast() }
        tagArrays.append(tags)
    }

    static func outcome(for loaded: LoadedRequest, status: ReplayStatus, now: Int64, context: ReplayContext) -> ReplayOutcome {
        // Filled in from a blank copy: cheaper than the initializer, which lives in another module.
        var outcome = blankOutcome
        outcome.session = loaded.session
        outcome.sequence = loaded.sequence
        outcome.fingerprint = loaded.fingerprint
        outcome.status = status
        outcome.scheduledAt = context.clock.epoch(loaded.due ?? now)
        return outcome
    }

    private static let blankOutcome = ReplayOutcome(session: 0, sequence: 0, status: .executed, scheduledAt: 0)

    static func connectionError(_ message: String, sqlState: String) -> ErrorInfo {
        ErrorInfo(fields: [
            ErrorField(code: UInt8(ascii: "S"), value: "FATAL"),
            ErrorField(code: UInt8(ascii: "C"), value: sqlState),
            ErrorField(code: UInt8(ascii: "M"), value: message),
        ])
    }
}
