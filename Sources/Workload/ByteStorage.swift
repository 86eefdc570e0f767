/// A growable byte buffer with reference semantics, for the assembler's per-slot storage: appending is a
/// capacity check and a `memcpy`, without the uniqueness and generic-sequence work of `[UInt8]`, which
/// cost about as much as everything else a Bind needs.
///
/// Reference semantics are deliberate: each pending request slot and each portal owns one storage and
/// never shares it (they are created fresh, moved, and never copied), so no copy-on-write is needed.
final class ByteStorage {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 8)
    }

    deinit {
        base.deallocate()
    }

    /// The stored bytes; valid until the next change.
    @inline(__always)
    var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: count)
    }

    /// The bytes in `range`; valid until the next change.
    @inline(__always)
    func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// Appends `value` and returns where it went.
    @inline(__always)
    @discardableResult
    func append(_ value: UnsafeRawBufferPointer) -> Range<Int> {
        let start = count
        if value.count > 0 {
            if capacity - count < value.count { grow(toHold: value.count) }
            (base + count).copyMemory(from: value.baseAddress!, byteCount: value.count)
            count += value.count
        }
        return start..<count
    }

    @inline(__always)
    func append(byte: UInt8) {
        if capacity == count { grow(toHold: 1) }
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    /// Forgets the bytes; memory beyond `limit` bytes is given back (one huge value must not stay).
    @inline(__always)
    func removeAll(keepingAtMost limit: Int) {
        count = 0
        if capacity > limit {
            base.deallocate()
            capacity = 256
            base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        }
    }

    private func grow(toHold extra: Int) {
        var newCapacity = capacity * 2
        while newCapacity - count < extra { newCapacity *= 2 }
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 8)
        newBase.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
