/// The requests of one session that wait for their ReadyForQuery, oldest first, in slots that are
/// recycled rather than freed: a request's buffers serve the next one.
///
/// Indices are 0-based positions from the oldest request; they shift when `removeFirst` hands requests out.
struct PendingRequestQueue {
    private var slots: [PendingRequest] = []
    /// The live slots are `slots[start..<end]`.
    private var start = 0
    private var end = 0

    var count: Int { end - start }
    var isEmpty: Bool { start == end }

    subscript(position: Int) -> PendingRequest {
        _read { yield slots[start + position] }
        _modify { yield &slots[start + position] }
    }

    /// The newest request's sequence number, if any.
    var lastSequence: UInt32? { isEmpty ? nil : slots[end - 1].sequence }

    /// Adds a slot at the end and returns its position; the caller resets it.
    mutating func appendSlot() -> Int {
        if end == slots.count {
            if start > 0 {
                // Move the live slots to the front, the spent ones (with their buffers) behind them.
                for index in 0..<count { slots.swapAt(index, start + index) }
                end -= start
                start = 0
            }
            if end == slots.count { slots.append(PendingRequest()) }
        }
        end += 1
        return end - start - 1
    }

    /// Forgets the `n` oldest requests (their slots are kept for reuse).
    mutating func removeFirst(_ n: Int) {
        start += n
        if start == end {
            start = 0
            end = 0
        }
    }

    mutating func removeAll() {
        start = 0
        end = 0
    }

    /// Lends the request at `position` to `body` as a `BorrowedRequest` (without copying the slot).
    func withBorrowed(at position: Int, _ body: (borrowing BorrowedRequest) -> Void) {
        slots[start + position].withBorrowed(body)
    }

    /// Whether a request of an earlier Sync group, or an Execute not answered yet, is still waiting: a
    /// request opened now is then pipelined.
    func hasUnfinishedRequest(before group: UInt64) -> Bool {
        for index in start..<end where slots[index].group < group || (slots[index].kind == .execute && !slots[index].done) {
            return true
        }
        return false
    }

    /// The position of the newest request of Sync group `group` or an earlier one.
    func lastIndex(inGroupAtMost group: UInt64) -> Int? {
        var index = end
        while index > start {
            index -= 1
            if slots[index].group <= group { return index - start }
        }
        return nil
    }
}
