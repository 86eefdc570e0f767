#if canImport(Glibc)
import Glibc
#endif
import CPoll
import Foundation
import Synchronization
import Testing
@testable import Replay

/// The epoll set on socket pairs: what is ready is reported for the slot that registered it, and a
/// socket number that comes back for another slot after a close is that slot's.
@Suite struct SocketWaitSetTests {
    private func socketPair() throws -> (Int32, Int32) {
        var ends: [Int32] = [-1, -1]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        return (ends[0], ends[1])
    }

    private func ready(_ set: SocketWaitSet, timeout: Int64 = 0) -> [Int: (Bool, Bool)] {
        var found: [Int: (Bool, Bool)] = [:]
        set.wait(timeout: timeout) { slot, readable, writable in found[slot] = (readable, writable) }
        return found
    }

    @Test func reportsReadableAndWritable() throws {
        let set = try SocketWaitSet()
        let (a, b) = try socketPair()
        defer { close(a); close(b) }
        set.watch(slot: 3, socket: a, interest: Int16(POLLIN), previous: -1, fresh: true)
        #expect(ready(set).isEmpty)
        #expect(write(b, "x", 1) == 1)
        #expect(ready(set, timeout: 100_000_000)[3].map { $0.0 } == true)
        // Level-triggered: unread input is reported again.
        #expect(ready(set)[3].map { $0.0 } == true)
        set.watch(slot: 3, socket: a, interest: Int16(POLLIN) | Int16(POLLOUT), previous: a, fresh: false)
        #expect(ready(set)[3].map { $0.1 } == true)
        set.forget(slot: 3, socket: a)
        #expect(ready(set).isEmpty)
    }

    /// A timed wait with nothing ready waits about as long as asked (nanosecond timeouts).
    @Test func waitsForTheTimeout() throws {
        let set = try SocketWaitSet()
        let start = ReplayClock.monotonicNow()
        #expect(ready(set, timeout: 3_000_000).isEmpty)
        #expect(ReplayClock.monotonicNow() - start >= 3_000_000)
    }

    @Test func aReusedNumberBelongsToItsNewSlot() throws {
        let set = try SocketWaitSet()
        let (a, b) = try socketPair()
        set.watch(slot: 1, socket: a, interest: Int16(POLLIN), previous: -1, fresh: true)
        close(a)
        close(b)
        let (c, d) = try socketPair()
        defer { close(c); close(d) }
        #expect(c == a, "the kernel hands out the lowest free number")
        set.watch(slot: 2, socket: c, interest: Int16(POLLIN), previous: -1, fresh: true)
        // Slot 1 forgetting its old number must not remove slot 2's registration.
        set.forget(slot: 1, socket: a)
        #expect(write(d, "x", 1) == 1)
        let found = ready(set, timeout: 100_000_000)
        #expect(found.keys.sorted() == [2])
    }

    /// A slot that reconnects under the same number registers the new socket (the old one left the set
    /// when it was closed).
    @Test func aFreshSocketUnderTheSameNumberIsRegistered() throws {
        let set = try SocketWaitSet()
        let (a, b) = try socketPair()
        set.watch(slot: 5, socket: a, interest: Int16(POLLIN), previous: -1, fresh: true)
        close(a)
        close(b)
        let (c, d) = try socketPair()
        defer { close(c); close(d) }
        set.watch(slot: 5, socket: c, interest: Int16(POLLIN), previous: a, fresh: true)
        #expect(write(d, "x", 1) == 1)
        #expect(ready(set, timeout: 100_000_000)[5].map { $0.0 } == true)
    }

    /// A replay thread's timed waits get a microsecond of slack instead of Linux's 50 µs, and only that
    /// thread's (a thread of its own here, so the test runner's threads keep theirs).
    @Test func makeTimeoutsPreciseTightensOnlyTheCallingThread() {
        let before = SocketWaitSet.currentTimerSlack
        let seen = Mutex<(Int, Int)>((0, 0))
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            _ = cpoll_set_timer_slack(50_000) // Linux's default, whatever this process inherited
            let own = SocketWaitSet.currentTimerSlack
            SocketWaitSet.makeTimeoutsPrecise()
            seen.withLock { $0 = (own, SocketWaitSet.currentTimerSlack) }
            done.signal()
        }
        thread.start()
        done.wait()
        let (threadBefore, threadAfter) = seen.withLock { $0 }
        #expect(threadBefore == 50_000)
        #expect(threadAfter == SocketWaitSet.timerSlack)
        #expect(SocketWaitSet.currentTimerSlack == before)
    }
}
