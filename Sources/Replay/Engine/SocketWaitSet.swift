import CPoll
#if canImport(Glibc)
import Glibc
#endif

/// The sockets one replay thread waits on, as one epoll set that this type owns (and closes).
///
/// With `ppoll` every wait hands the kernel every socket, and every wake-up scans them all: with a
/// thousand sessions that was most of a replay thread's time. An epoll set is told of each change once
/// and reports only the sockets that are ready. Level-triggered, so a driver that leaves input unread
/// is woken again, as with `poll`.
///
/// A socket that libpq closes leaves the set by itself (the kernel drops closed descriptions), and its
/// number may come back at once for another connection. So the set tracks which session registered
/// each number, and `watch` always registers afresh when a session's connection changed.
final class SocketWaitSet {
    private let descriptor: Int32
    private var events: [epoll_event]
    /// The session slot that registered each socket number, or -1.
    private var owners: [Int] = []
    /// epoll_pwait2 (nanosecond timeouts) exists from Linux 5.11; older kernels get epoll_wait.
    private var hasNanosecondWait = true

    init(capacity: Int = 256) throws(ReplayError) {
        descriptor = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard descriptor >= 0 else {
            throw .system("cannot create an epoll set for a replay thread: \(String(cString: strerror(errno)))")
        }
        events = Array(repeating: epoll_event(), count: capacity)
    }

    deinit {
        close(descriptor)
    }

    /// Makes the calling thread's timed waits end within a microsecond of their time. Linux lets an
    /// ordinary thread's timeout run up to 50 µs late by default, which would show as send lag.
    static func makeTimeoutsPrecise() {
        _ = cpoll_set_timer_slack(UInt(timerSlack))
    }

    /// The timer slack `makeTimeoutsPrecise` sets, in nanoseconds.
    static let timerSlack = 1_000

    /// The calling thread's timer slack in nanoseconds.
    static var currentTimerSlack: Int { cpoll_timer_slack() }

    /// Makes the set wait for `interest` (`POLLIN`/`POLLOUT` bits) on `socket` for `slot`, replacing what
    /// the slot registered before (`previous`). `fresh`: the socket may be a new one under an old number.
    func watch(slot: Int, socket: Int32, interest: Int16, previous: Int32, fresh: Bool) {
        if previous >= 0, previous != socket { forget(slot: slot, socket: previous) }
        var event = epoll_event()
        event.events = (interest & Int16(POLLIN) != 0 ? EPOLLIN.rawValue : 0)
            | (interest & Int16(POLLOUT) != 0 ? EPOLLOUT.rawValue : 0)
        event.data.u64 = UInt64(slot)
        let index = Int(socket)
        if index >= owners.count { owners.append(contentsOf: repeatElement(-1, count: index + 1 - owners.count)) }
        // A number registered by this slot and not renewed is modified; anything else is added, and a
        // modification of a number the kernel already dropped (libpq closed it) becomes an addition.
        if previous == socket, !fresh, owners[index] == slot {
            if epoll_ctl(descriptor, EPOLL_CTL_MOD, socket, &event) == 0 { return }
        }
        if epoll_ctl(descriptor, EPOLL_CTL_ADD, socket, &event) != 0, errno == EEXIST {
            _ = epoll_ctl(descriptor, EPOLL_CTL_MOD, socket, &event)
        }
        owners[index] = slot
    }

    /// Stops waiting on `socket` for `slot`, unless another slot registered that number since.
    func forget(slot: Int, socket: Int32) {
        let index = Int(socket)
        guard index >= 0, index < owners.count, owners[index] == slot else { return }
        owners[index] = -1
        var event = epoll_event()
        _ = epoll_ctl(descriptor, EPOLL_CTL_DEL, socket, &event)  // ENOENT when libpq closed it: fine
    }

    /// Waits at most `timeout` nanoseconds; calls `ready` with each ready slot and whether its socket is
    /// readable (input, hang-up or error) and writable.
    func wait(timeout: Int64, _ ready: (_ slot: Int, _ readable: Bool, _ writable: Bool) -> Void) {
        var count: Int32
        if hasNanosecondWait {
            var interval = timespec(tv_sec: Int(timeout / 1_000_000_000), tv_nsec: Int(timeout % 1_000_000_000))
            count = epoll_pwait2(descriptor, &events, Int32(events.count), &interval, nil)
            if count < 0, errno == ENOSYS {
                hasNanosecondWait = false
                count = 0
            }
        } else {
            // Rounded up, so that a wait never ends before the time it waits for.
            count = epoll_wait(descriptor, &events, Int32(events.count), Int32((timeout + 999_999) / 1_000_000))
        }
        guard count > 0 else { return }
        let readableMask = EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue
        for index in 0..<Int(count) {
            let flags = events[index].events
            ready(Int(events[index].data.u64), flags & readableMask != 0, flags & EPOLLOUT.rawValue != 0)
        }
        if Int(count) == events.count { events.append(contentsOf: repeatElement(epoll_event(), count: events.count)) }
    }
}
