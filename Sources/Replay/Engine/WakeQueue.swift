/// The times at which a replay thread's sessions next want to act without a socket event, earliest
/// first: a binary heap of (time, slot, stamp), so that finding what is due costs log n, not a look at
/// every session.
///
/// A session that changes its time pushes the new one with a new stamp; the old entry stays in the
/// heap until it reaches the top and is dropped there, as the stamp no longer matches (`isCurrent`).
struct WakeQueue {
    struct Entry {
        let time: Int64
        let slot: Int
        let stamp: UInt64
    }

    private var heap: [Entry] = []

    var isEmpty: Bool { heap.isEmpty }
    var earliest: Entry? { heap.first }

    mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].time < heap[parent].time else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    @discardableResult
    mutating func popEarliest() -> Entry? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        guard !heap.isEmpty else { return first }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { break }
            let right = left + 1
            let smaller = right < heap.count && heap[right].time < heap[left].time ? right : left
            guard heap[smaller].time < heap[parent].time else { break }
            heap.swapAt(parent, smaller)
            parent = smaller
        }
        return first
    }

    mutating func removeAll() {
        heap.removeAll(keepingCapacity: true)
    }
}
