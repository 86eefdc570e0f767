/// A growable byte buffer that records are encoded into: each append is a capacity check and a
/// store into raw memory, with no per-byte uniqueness checks or per-field allocations.
/// Non-copyable, so exactly one owner frees its memory. Shared by the workload and run file writers:
/// the record frame (type, length, payload, CRC-32C) and the field encodings are the same.
package struct WorkloadOutputBuffer: ~Copyable {
    package private(set) var base: UnsafeMutableRawPointer
    package internal(set) var count = 0
    package private(set) var capacity: Int
    /// Largest payload accepted; lowered only by tests, to exercise the limit cheaply.
    package var payloadLimit = WorkloadFormat.maximumPayloadLength

    package init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit {
        base.deallocate()
    }

    /// The encoded bytes.
    package var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: count)
    }

    /// Forgets the encoded bytes; memory above `keepingAtMost` bytes is given back.
    package mutating func removeAll(keepingAtMost limit: Int) {
        count = 0
        if capacity > limit {
            base.deallocate()
            capacity = max(limit, 64)
            base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        }
    }

    /// Drops everything from `index` on (a record that could not be finished).
    package mutating func truncate(to index: Int) {
        count = min(count, index)
    }

    @inlinable @inline(__always)
    mutating func reserve(_ extra: Int) {
        if capacity - count < extra { grow(toHold: extra) }
    }

    @usableFromInline
    mutating func grow(toHold extra: Int) {
        var newCapacity = capacity * 2
        while newCapacity - count < extra { newCapacity *= 2 }
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        newBase.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    // MARK: - Primitives (encoded by `RecordFieldWriter`, the one definition of the field encodings)

    /// Makes room for `bound` bytes, then lets `body` write at most that many without capacity checks.
    @inlinable @inline(__always)
    package mutating func withFieldWriter<Result>(reserving bound: Int, _ body: (inout RecordFieldWriter) -> Result) -> Result {
        reserve(bound)
        var writer = RecordFieldWriter(base + count)
        let result = body(&writer)
        count = base.distance(to: writer.position)
        return result
    }

    @inline(__always)
    package mutating func appendByte(_ value: UInt8) {
        withFieldWriter(reserving: 1) { $0.byte(value) }
    }

    @inline(__always)
    package mutating func appendBool(_ value: Bool) {
        withFieldWriter(reserving: 1) { $0.bool(value) }
    }

    @inline(__always)
    package mutating func appendRaw(_ bytes: UnsafeRawBufferPointer) {
        withFieldWriter(reserving: bytes.count) { $0.raw(bytes) }
    }

    @inline(__always)
    package mutating func appendVarint(_ value: UInt64) {
        withFieldWriter(reserving: 10) { $0.varint(value) }
    }

    @inline(__always)
    package mutating func appendSigned(_ value: Int64) {
        withFieldWriter(reserving: 10) { $0.signed(value) }
    }

    @inline(__always)
    package mutating func appendCount(_ count: Int) {
        withFieldWriter(reserving: 10) { $0.count(count) }
    }

    @inline(__always)
    package mutating func appendFixed16(_ value: UInt16) {
        withFieldWriter(reserving: 2) { $0.fixed16(value) }
    }

    @inline(__always)
    package mutating func appendFixed32(_ value: UInt32) {
        withFieldWriter(reserving: 4) { $0.fixed32(value) }
    }

    @inline(__always)
    package mutating func appendFixed64(_ value: UInt64) {
        withFieldWriter(reserving: 8) { $0.fixed64(value) }
    }

    /// Length-prefixed UTF-8.
    package mutating func appendString(_ value: String) {
        withFieldWriter(reserving: 10 + value.utf8.count) { $0.string(value) }
    }

    /// Length-prefixed UTF-8 from bytes a client or server sent (see `RecordFieldWriter.utf8String`).
    package mutating func appendUTF8String(buffer value: UnsafeRawBufferPointer) {
        withFieldWriter(reserving: 10 + 3 * value.count) { $0.utf8String(value) }
    }

    package mutating func appendBytes(_ value: [UInt8]) {
        value.withUnsafeBytes { bytes in withFieldWriter(reserving: 10 + bytes.count) { $0.bytes(bytes) } }
    }

    // MARK: - Optionals: a presence byte (0 absent, 1 present), then the value when present

    @inline(__always)
    package mutating func appendOptionalSigned(_ value: Int64?) {
        withFieldWriter(reserving: 11) { $0.optional(value) { $0.signed($1) } }
    }

    @inline(__always)
    package mutating func appendOptionalVarint(_ value: UInt64?) {
        withFieldWriter(reserving: 11) { $0.optional(value) { $0.varint($1) } }
    }

    @inline(__always)
    package mutating func appendOptionalByte(_ value: UInt8?) {
        withFieldWriter(reserving: 2) { $0.optional(value) { $0.byte($1) } }
    }

    @inline(__always)
    package mutating func appendOptionalFixed64(_ value: UInt64?) {
        withFieldWriter(reserving: 9) { $0.optional(value) { $0.fixed64($1) } }
    }

    package mutating func appendOptionalString(_ value: String?) {
        withFieldWriter(reserving: 11 + (value?.utf8.count ?? 0)) { $0.optional(value) { $0.string($1) } }
    }

    package mutating func appendOptionalBytes(_ value: [UInt8]?) {
        if let value {
            appendByte(1)
            appendBytes(value)
        } else {
            appendByte(0)
        }
    }

    // MARK: - Framing

    /// Appends the type byte and a length placeholder; returns where the record starts.
    package mutating func beginRecord(_ type: UInt8) -> Int {
        let start = count
        reserve(5)
        base.storeBytes(of: type, toByteOffset: count, as: UInt8.self)
        base.storeBytes(of: UInt32(0), toByteOffset: count + 1, as: UInt32.self)
        count += 5
        return start
    }

    /// Fills in the payload length and appends the CRC-32C of type + length + payload.
    /// A payload over the limit is removed again and reported.
    package mutating func finishRecord(startingAt start: Int) throws(RecordFramingError) {
        let payloadLength = count - start - 5
        guard payloadLength <= payloadLimit else {
            let type = base.load(fromByteOffset: start, as: UInt8.self)
            truncate(to: start)
            throw .payloadTooLarge(type: type, bytes: payloadLength)
        }
        base.storeBytes(of: UInt32(truncatingIfNeeded: payloadLength).littleEndian,
                        toByteOffset: start + 1, as: UInt32.self)
        let crc = CRC32C.checksum(UnsafeRawBufferPointer(start: base + start, count: count - start))
        appendFixed32(crc)
    }
}
