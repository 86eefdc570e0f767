/// A first-in first-out queue of plain values over a `ScratchBuffer`: taking the first value moves a
/// head index instead of shifting the rest, and the memory is kept when the queue empties, so a
/// session queues and dequeues the protocol steps of every request without allocating.
struct ScratchQueue<Element: BitwiseCopyable>: ~Copyable {
    private var storage = ScratchBuffer<Element>()
    private var head = 0

    init() {}

    var isEmpty: Bool { head == storage.count }
    var count: Int { storage.count - head }
    var first: Element? { isEmpty ? nil : storage[head] }
    var last: Element? { isEmpty ? nil : storage[storage.count - 1] }

    mutating func append(_ value: Element) {
        storage.append(value)
    }

    /// Takes the first value; the storage is reused from its start once the queue is empty.
    mutating func removeFirst() -> Element? {
        guard !isEmpty else { return nil }
        let value = storage[head]
        head += 1
        if head == storage.count { removeAll() }
        return value
    }

    mutating func removeAll() {
        storage.removeAll()
        head = 0
    }
}
