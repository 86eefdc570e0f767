import CPoll
#if canImport(Glibc)
import Glibc
#endif

/// One replay thread: drives its share of the sessions with `ppoll` over their sockets, waking for
/// sockets and for the next scheduled send, so a few threads carry thousands of connections.
final class ReplayLoop {
    private let context: ReplayContext
    /// Sessions not started yet, by connect time.
    private var upcoming: [PlannedSession]
    private var upcomingIndex = 0
    private var drivers: [SessionDriver] = []
    private var descriptors: [pollfd] = []
    private var wakes: [Int64] = []
    private let sink: ThreadOutcomeSink
    private var lastFlush = ReplayClock.monotonicNow()

    init(context: ReplayContext, sessions: [PlannedSession], sink: ThreadOutcomeSink) {
        self.context = context
        self.upcoming = sessions
        self.sink = sink
    }

    /// Runs until every session finished (or the replay was stopped and in-flight requests ended).
    func run() {
        defer { sink.flush() }
        while true {
            let now = ReplayClock.monotonicNow()
            if now - lastFlush > 1_000_000_000 {
                sink.flush()
                lastFlush = now
            }
            startDueSessions(now: now)
            if drivers.isEmpty, upcomingIndex >= upcoming.count { return }
            if drivers.isEmpty, context.shared.stopLevelValue > 0 { return }

            // What each driver waits for, and the earliest time one wants to act.
            var wake = nextSessionStart() ?? Int64.max
            descriptors.removeAll(keepingCapacity: true)
            wakes.removeAll(keepingCapacity: true)
            // Drivers are used in place (by index), not copied out of the array: no retain per use.
            for index in drivers.indices {
                if let request = drivers[index].pollRequest {
                    descriptors.append(pollfd(fd: request.socket, events: request.events, revents: 0))
                } else {
                    descriptors.append(pollfd(fd: -1, events: 0, revents: 0))
                }
                let time = drivers[index].wakeAt() ?? Int64.max
                wakes.append(time)
                wake = min(wake, time)
            }
            if context.shared.stopLevelValue > 0 { wake = min(wake, now + 50_000_000) }
            let timeout = max(0, min(wake - now, 50_000_000))
            var interval = timespec(tv_sec: 0, tv_nsec: Int(timeout))
            let ready = ppoll(&descriptors, nfds_t(descriptors.count), &interval, nil)
            let after = ReplayClock.monotonicNow()
            var finished = false
            for index in drivers.indices {
                let events = ready > 0 ? descriptors[index].revents : 0
                let readable = events & Int16(POLLIN | POLLHUP | POLLERR) != 0
                let writable = events & Int16(POLLOUT) != 0
                if readable || writable || wakes[index] <= after {
                    drivers[index].advance(now: after, readable: readable, writable: writable)
                    finished = finished || drivers[index].isFinished
                }
            }
            if finished { drivers.removeAll { $0.isFinished } }
        }
    }

    private func startDueSessions(now: Int64) {
        while upcomingIndex < upcoming.count {
            let session = upcoming[upcomingIndex]
            let connectAt = context.clock.due(captureTime: session.connectAt) ?? context.clock.startMonotonic
            // Sessions are created a little ahead of time so their connection starts exactly when due.
            guard connectAt <= now + 5_000_000 else { return }
            let driver = SessionDriver(session: session, context: context)
            driver.advance(now: now, readable: false, writable: false)
            if !driver.isFinished { drivers.append(driver) }
            upcomingIndex += 1
        }
    }

    private func nextSessionStart() -> Int64? {
        guard upcomingIndex < upcoming.count else { return nil }
        let connectAt = context.clock.due(captureTime: upcoming[upcomingIndex].connectAt) ?? context.clock.startMonotonic
        return connectAt - 5_000_000
    }
}
