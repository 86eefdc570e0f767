import Testing
@testable import Replay

@Suite struct ReplayOptionParsingTests {
    @Test func speeds() {
        #expect(ReplaySpeed(argument: "1") == .factor(1))
        #expect(ReplaySpeed(argument: "2.5") == .factor(2.5))
        #expect(ReplaySpeed(argument: "max") == .max)
        #expect(ReplaySpeed(argument: "MAX") == .max)
        #expect(ReplaySpeed(argument: "0") == nil)
        #expect(ReplaySpeed(argument: "-1") == nil)
        #expect(ReplaySpeed(argument: "fast") == nil)
        #expect(ReplaySpeed(argument: "inf") == nil)
        #expect(ReplaySpeed.factor(2).scaled(1_000) == 500)
        #expect(ReplaySpeed.max.scaled(1_000) == nil)
        #expect(ReplaySpeed.max.storedFactor == 0)
    }

    /// Without --threads: a thread per session while there are few, two per processor at most, never 0.
    @Test func defaultThreadCount() {
        #expect(Replayer.defaultThreadCount(sessions: 3, processors: 2) == 3)
        #expect(Replayer.defaultThreadCount(sessions: 5, processors: 2) == 4)
        #expect(Replayer.defaultThreadCount(sessions: 1_000, processors: 2) == 4)
        #expect(Replayer.defaultThreadCount(sessions: 1_000, processors: 64) == 64)
        #expect(Replayer.defaultThreadCount(sessions: 1, processors: 16) == 1)
        #expect(Replayer.defaultThreadCount(sessions: 0, processors: 2) == 1)
        #expect(Replayer.defaultThreadCount(sessions: 3, processors: 0) == 2)
    }

    @Test func shards() {
        #expect(ShardSelection(argument: "1/4") == ShardSelection(index: 0, count: 4))
        #expect(ShardSelection(argument: "4/4") == ShardSelection(index: 3, count: 4))
        #expect(ShardSelection(argument: "0/4") == nil)
        #expect(ShardSelection(argument: "5/4") == nil)
        #expect(ShardSelection(argument: "1/0") == nil)
        #expect(ShardSelection(argument: "1") == nil)
        #expect(ShardSelection(argument: "2/3")?.description == "2/3")
    }

    @Test func shardsPartitionTheSessionsEvenly() {
        let count: UInt32 = 4
        var sizes = [Int](repeating: 0, count: Int(count))
        for session in UInt32(1)...4000 {
            let owners = (0..<count).filter { ShardSelection(index: $0, count: count)!.contains(session: session) }
            #expect(owners.count == 1)
            sizes[Int(owners[0])] += 1
        }
        #expect(sizes.allSatisfy { $0 > 850 && $0 < 1150 })
        #expect(ShardSelection.all.contains(session: 7))
    }

    @Test func timeWindows() throws {
        #expect(TimeWindow.Bound(argument: "90") == .offset(90))
        #expect(TimeWindow.Bound(argument: "1.5") == .offset(1.5))
        #expect(TimeWindow.Bound(argument: "2026-11-25T14:00:00Z") == .absolute(1_795_615_200_000_000_000))
        #expect(TimeWindow.Bound(argument: "2026-11-25T14:00:00.5Z") == .absolute(1_795_615_200_500_000_000))
        #expect(TimeWindow.Bound(argument: "yesterday") == nil)
        #expect(TimeWindow.Bound(argument: "-3") == nil)
        let window = TimeWindow(from: .offset(1), to: .offset(2))
        let range = try #require(window.resolved(captureStart: 10_000_000_000))
        #expect(range.contains(11_000_000_000))
        #expect(!range.contains(12_000_000_000))
        #expect(!range.contains(10_999_999_999))
        #expect(TimeWindow(from: .offset(2), to: .offset(1)).resolved(captureStart: 0) == nil)
    }
}
