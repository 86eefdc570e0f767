#if canImport(Glibc)
import Glibc
#endif

/// One replay thread: drives its share of the sessions, waiting in one epoll set for their sockets and
/// in a heap for their next scheduled times, so a few threads carry thousands of connections and each
/// wake-up costs what is ready, not a look at every session.
final class ReplayLoop {
    /// A session being driven, and what the thread last registered for it.
    private struct Slot {
        var driver: SessionDriver?
        /// The socket registered in the wait set, or -1.
        var socket: Int32 = -1
        var interest: Int16 = 0
        /// The driver's connection count when the socket was registered.
        var connection: UInt64 = 0
        /// The wake time in the queue (nil: none, or it fired), and the stamp of that entry.
        var wakeTime: Int64?
        var stamp: UInt64 = 0
        /// Socket events and due times gathered for the next advance: bit 0 listed, 1 readable, 2 writable.
        var pending: UInt8 = 0
    }

    private let context: ReplayContext
    /// Sessions not started yet, by connect time.
    private var upcoming: [PlannedSession]
    private var upcomingIndex = 0
    private var slots: [Slot] = []
    private var freeSlots: [Int] = []
    private var active = 0
    /// Slots to advance in this round, each once, with what `pending` gathered.
    private var toAdvance: [Int] = []
    private let waitSet: SocketWaitSet
    private var wakes = WakeQueue()
    private let sink: ThreadOutcomeSink
    private var lastFlush = ReplayClock.monotonicNow()
    /// The stop level the wake times were computed under: a stop changes what drivers wait for.
    private var seenStopLevel = 0

    init(context: ReplayContext, sessions: [PlannedSession], sink: ThreadOutcomeSink) throws(ReplayError) {
        self.context = context
        self.upcoming = sessions
        self.sink = sink
        waitSet = try SocketWaitSet()
    }

    /// Runs until every session finished (or the replay was stopped and in-flight requests ended).
    func run() {
        defer { sink.flush() }
        SocketWaitSet.makeTimeoutsPrecise()
        while true {
            let now = ReplayClock.monotonicNow()
            if now - lastFlush > 1_000_000_000 {
                sink.flush()
                lastFlush = now
            }
            startDueSessions(now: now)
            let stopLevel = context.shared.stopLevelValue
            if active == 0, upcomingIndex >= upcoming.count || stopLevel > 0 { return }
            if stopLevel != seenStopLevel {
                // Sessions waiting for their next request or connection end now; busy ones get a cancel time.
                seenStopLevel = stopLevel
                for slot in slots.indices where slots[slot].driver != nil {
                    slots[slot].stamp &+= 1
                    slots[slot].wakeTime = nil
                    refresh(slot)
                }
            }

            var wake = nextSessionStart() ?? Int64.max
            dropStaleWakes()
            if let earliest = wakes.earliest { wake = min(wake, earliest.time) }
            if stopLevel > 0 { wake = min(wake, now + 50_000_000) }
            waitSet.wait(timeout: max(0, min(wake - now, 50_000_000))) { slot, readable, writable in
                mark(slot, readable: readable, writable: writable)
            }
            let after = ReplayClock.monotonicNow()
            while let earliest = wakes.earliest, earliest.time <= after || !isCurrent(earliest) {
                wakes.popEarliest()
                guard isCurrent(earliest) else { continue }
                slots[earliest.slot].wakeTime = nil
                mark(earliest.slot, readable: false, writable: false)
            }
            for slot in toAdvance {
                let pending = slots[slot].pending
                slots[slot].pending = 0
                guard let driver = slots[slot].driver else { continue }
                driver.advance(now: after, readable: pending & 2 != 0, writable: pending & 4 != 0)
                refresh(slot)
            }
            toAdvance.removeAll(keepingCapacity: true)
        }
    }

    private func mark(_ slot: Int, readable: Bool, writable: Bool) {
        guard slots[slot].driver != nil else { return }
        if slots[slot].pending == 0 { toAdvance.append(slot) }
        slots[slot].pending |= 1 | (readable ? 2 : 0) | (writable ? 4 : 0)
    }

    private func isCurrent(_ entry: WakeQueue.Entry) -> Bool {
        slots[entry.slot].driver != nil && slots[entry.slot].stamp == entry.stamp
    }

    private func dropStaleWakes() {
        while let earliest = wakes.earliest, !isCurrent(earliest) { wakes.popEarliest() }
    }

    /// Brings the wait set and the wake queue in line with what the slot's driver now waits for, or
    /// frees the slot when the driver finished.
    private func refresh(_ slot: Int) {
        guard let driver = slots[slot].driver else { return }
        if driver.isFinished {
            if slots[slot].socket >= 0 { waitSet.forget(slot: slot, socket: slots[slot].socket) }
            slots[slot] = Slot(stamp: slots[slot].stamp &+ 1)
            freeSlots.append(slot)
            active -= 1
            return
        }
        if let request = driver.pollRequest {
            // While connecting, libpq may close one socket and open another under the same number.
            let fresh = driver.isConnecting || driver.connectionCount != slots[slot].connection
            if fresh || request.socket != slots[slot].socket || request.events != slots[slot].interest {
                waitSet.watch(slot: slot, socket: request.socket, interest: request.events,
                              previous: slots[slot].socket, fresh: fresh)
                slots[slot].socket = request.socket
                slots[slot].interest = request.events
                slots[slot].connection = driver.connectionCount
            }
        } else if slots[slot].socket >= 0 {
            waitSet.forget(slot: slot, socket: slots[slot].socket)
            slots[slot].socket = -1
        }
        let time = driver.wakeAt()
        if time != slots[slot].wakeTime {
            slots[slot].stamp &+= 1
            slots[slot].wakeTime = time
            if let time { wakes.push(WakeQueue.Entry(time: time, slot: slot, stamp: slots[slot].stamp)) }
        }
    }

    private func startDueSessions(now: Int64) {
        while upcomingIndex < upcoming.count {
            let session = upcoming[upcomingIndex]
            let connectAt = context.clock.due(captureTime: session.connectAt) ?? context.clock.startMonotonic
            // Sessions are created a little ahead of time so their connection starts exactly when due.
            guard connectAt <= now + 5_000_000 else { return }
            upcomingIndex += 1
            let driver = SessionDriver(session: session, context: context)
            driver.advance(now: now, readable: false, writable: false)
            if driver.isFinished { continue }
            let slot: Int
            if let free = freeSlots.popLast() {
                slot = free
            } else {
                slot = slots.count
                slots.append(Slot())
            }
            slots[slot].driver = driver
            active += 1
            refresh(slot)
        }
    }

    private func nextSessionStart() -> Int64? {
        guard upcomingIndex < upcoming.count else { return nil }
        let connectAt = context.clock.due(captureTime: upcoming[upcomingIndex].connectAt) ?? context.clock.startMonotonic
        return connectAt - 5_000_000
    }
}
