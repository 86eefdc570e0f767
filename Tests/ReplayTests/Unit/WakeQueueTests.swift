import Testing
@testable import Replay

@Suite struct WakeQueueTests {
    /// Entries come out earliest first, whatever order they went in, duplicates included.
    @Test func popsInTimeOrder() {
        var queue = WakeQueue()
        var generator = SystemRandomNumberGenerator()
        let times = (0..<500).map { _ in Int64.random(in: 0..<100, using: &generator) }
        for (slot, time) in times.enumerated() { queue.push(WakeQueue.Entry(time: time, slot: slot, stamp: 0)) }
        var popped: [Int64] = []
        while let entry = queue.popEarliest() { popped.append(entry.time) }
        #expect(popped == times.sorted())
        #expect(queue.isEmpty)
        #expect(queue.earliest == nil)
    }

    @Test func earliestIsThePeek() {
        var queue = WakeQueue()
        queue.push(WakeQueue.Entry(time: 30, slot: 1, stamp: 7))
        queue.push(WakeQueue.Entry(time: 10, slot: 2, stamp: 8))
        queue.push(WakeQueue.Entry(time: 20, slot: 3, stamp: 9))
        #expect(queue.earliest?.slot == 2)
        #expect(queue.earliest?.stamp == 8)
        queue.popEarliest()
        #expect(queue.earliest?.slot == 3)
        queue.removeAll()
        #expect(queue.isEmpty)
    }
}
