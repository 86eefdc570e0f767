/// A growable buffer of plain values that keeps its memory when emptied, for the per-request arrays of
/// a pooled `LoadedRequest`: emptying is one store and appending one capacity check, where an Array
/// pays a uniqueness check per append and a generic range replacement per `removeAll`.
/// Non-copyable, so exactly one owner frees its memory.
struct ScratchBuffer<Element: BitwiseCopyable>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 8) {
        self.capacity = max(1, capacity)
        base = UnsafeMutablePointer<Element>.allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    /// The values, valid until the next change.
    var values: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    subscript(index: Int) -> Element {
        precondition(index >= 0 && index < count, "ScratchBuffer index out of range")
        return base[index]
    }

    /// Empties the buffer; memory above `limit` elements is given back.
    mutating func removeAll(keepingAtMost limit: Int = 1 << 16) {
        count = 0
        if capacity > limit {
            base.deallocate()
            capacity = 8
            base = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        }
    }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow(toHold: count + 1) }
        (base + count).initialize(to: value)
        count += 1
    }

    mutating func append(repeating value: Element, count extra: Int) {
        if capacity - count < extra { grow(toHold: count + extra) }
        (base + count).initialize(repeating: value, count: extra)
        count += extra
    }

    private mutating func grow(toHold needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}

extension ScratchBuffer where Element == UInt8 {
    /// Appends raw bytes.
    mutating func append(contentsOf bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if capacity - count < bytes.count { grow(toHold: count + bytes.count) }
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }
}
