/// A growable byte buffer with reference semantics, for the assembler's per-slot storage: appending is a
/// capacity check and a `memcpy`, without the uniqueness and generic-sequence work of `[UInt8]`, which
/// cost about as much as everything else a Bind needs. The bytes live in a `WorkloadOutputBuffer`.
///
/// Reference semantics are deliberate: each pending request slot and each portal owns one storage and
/// never shares it (they are created fresh, moved, and never copied), so no copy-on-write is needed.
final class ByteStorage {
    // Reached from one thread, one access at a time (no method calls out while it is being changed):
    // the runtime exclusivity checks a class's stored property costs are skipped.
    @exclusivity(unchecked) private var buffer: WorkloadOutputBuffer

    init(capacity: Int = 256) {
        buffer = WorkloadOutputBuffer(capacity: capacity)
    }

    @inline(__always)
    var count: Int { buffer.count }

    /// The stored bytes; valid until the next change.
    @inline(__always)
    var bytes: UnsafeRawBufferPointer { buffer.bytes }

    /// Appends `value` and returns where it went.
    @inline(__always)
    @discardableResult
    func append(_ value: UnsafeRawBufferPointer) -> Range<Int> {
        let start = buffer.count
        buffer.appendRaw(value)
        return start..<buffer.count
    }

    @inline(__always)
    func append(byte: UInt8) {
        buffer.appendByte(byte)
    }

    /// Forgets the bytes; memory beyond `limit` bytes is given back (one huge value must not stay).
    @inline(__always)
    func removeAll(keepingAtMost limit: Int) {
        buffer.removeAll(keepingAtMost: limit)
    }
}
