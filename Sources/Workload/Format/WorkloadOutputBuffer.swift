/// A growable byte buffer that records are encoded into: each append is a capacity check and a
/// store into raw memory, with no per-byte uniqueness checks or per-field allocations.
/// Non-copyable, so exactly one owner frees its memory. Shared by the workload and run file writers:
/// the record frame (type, length, payload, CRC-32C) and the field encodings are the same.
package struct WorkloadOutputBuffer: ~Copyable {
    package private(set) var base: UnsafeMutableRawPointer
    package private(set) var count = 0
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

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if capacity - count < extra { grow(toHold: extra) }
    }

    private mutating func grow(toHold extra: Int) {
        var newCapacity = capacity * 2
        while newCapacity - count < extra { newCapacity *= 2 }
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        newBase.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    // MARK: - Primitives

    @inline(__always)
    package mutating func appendByte(_ value: UInt8) {
        reserve(1)
        base.storeBytes(of: value, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    @inline(__always)
    package mutating func appendBool(_ value: Bool) {
        appendByte(value ? 1 : 0)
    }

    @inline(__always)
    package mutating func appendRaw(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    /// Unsigned LEB128: 7 bits per byte, low bits first, high bit set on all but the last byte.
    @inline(__always)
    package mutating func appendVarint(_ value: UInt64) {
        reserve(10)
        var value = value
        var index = count
        while value >= 0x80 {
            base.storeBytes(of: UInt8(truncatingIfNeeded: value) | 0x80, toByteOffset: index, as: UInt8.self)
            value >>= 7
            index += 1
        }
        base.storeBytes(of: UInt8(truncatingIfNeeded: value), toByteOffset: index, as: UInt8.self)
        count = index + 1
    }

    /// Zigzag-mapped varint: 0, -1, 1, -2, ... become 0, 1, 2, 3, ... so small negatives stay short.
    @inline(__always)
    package mutating func appendSigned(_ value: Int64) {
        appendVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    @inline(__always)
    package mutating func appendCount(_ count: Int) {
        appendVarint(UInt64(count))
    }

    @inline(__always)
    package mutating func appendFixed16(_ value: UInt16) {
        reserve(2)
        base.storeBytes(of: value.littleEndian, toByteOffset: count, as: UInt16.self)
        count += 2
    }

    @inline(__always)
    package mutating func appendFixed32(_ value: UInt32) {
        reserve(4)
        base.storeBytes(of: value.littleEndian, toByteOffset: count, as: UInt32.self)
        count += 4
    }

    @inline(__always)
    package mutating func appendFixed64(_ value: UInt64) {
        reserve(8)
        base.storeBytes(of: value.littleEndian, toByteOffset: count, as: UInt64.self)
        count += 8
    }

    /// Length-prefixed UTF-8.
    package mutating func appendString(_ value: String) {
        let copied: Void? = value.utf8.withContiguousStorageIfAvailable { utf8 in
            appendCount(utf8.count)
            appendRaw(UnsafeRawBufferPointer(utf8))
        }
        if copied == nil {
            // Strings not stored as contiguous UTF-8 (bridged or lazily decoded ones).
            var native = value
            native.makeContiguousUTF8()
            native.withUTF8 { utf8 in
                appendCount(utf8.count)
                appendRaw(UnsafeRawBufferPointer(utf8))
            }
        }
    }

    /// Length-prefixed UTF-8 from bytes a client or server sent: as they are when they are valid UTF-8,
    /// else repaired (U+FFFD for each invalid sequence) exactly as `String(decoding:as:)` repairs them.
    package mutating func appendUTF8String(buffer value: UnsafeRawBufferPointer) {
        if Self.isASCII(value) {
            appendCount(value.count)
            appendRaw(value)
        } else {
            appendString(String(decoding: value, as: UTF8.self))
        }
    }

    /// Whether every byte is below 0x80, eight at a time.
    @inline(__always)
    private static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        var bits: UInt64 = 0
        while bytes.count - index >= 8 {
            bits |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            bits |= UInt64(bytes[index])
            index += 1
        }
        return bits & 0x8080_8080_8080_8080 == 0
    }

    package mutating func appendBytes(_ value: [UInt8]) {
        appendCount(value.count)
        value.withUnsafeBytes { appendRaw($0) }
    }

    // MARK: - Optionals: a presence byte (0 absent, 1 present), then the value when present

    private mutating func appendOptional<Value>(_ value: Value?, _ appendValue: (inout WorkloadOutputBuffer, Value) -> Void) {
        if let value {
            appendByte(1)
            appendValue(&self, value)
        } else {
            appendByte(0)
        }
    }

    package mutating func appendOptionalSigned(_ value: Int64?) {
        appendOptional(value) { $0.appendSigned($1) }
    }

    package mutating func appendOptionalVarint(_ value: UInt64?) {
        appendOptional(value) { $0.appendVarint($1) }
    }

    package mutating func appendOptionalByte(_ value: UInt8?) {
        appendOptional(value) { $0.appendByte($1) }
    }

    package mutating func appendOptionalFixed64(_ value: UInt64?) {
        appendOptional(value) { $0.appendFixed64($1) }
    }

    package mutating func appendOptionalString(_ value: String?) {
        appendOptional(value) { $0.appendString($1) }
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
