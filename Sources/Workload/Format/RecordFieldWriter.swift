/// Stores the field encodings of workload and run files at a moving position, without capacity checks:
/// the caller made room for everything it writes (`WorkloadOutputBuffer.withFieldWriter(reserving:_:)`).
///
/// The one definition of the encodings (docs/workload-format.md, "Field encodings"): the buffer's own
/// `append…` methods go through it too. Writing a record field by field here keeps the position in a
/// register, where the buffer's checked appends reload and store their count for every field. Public,
/// not `package`: only public `@inlinable` code is inlined into another module (the run file's encoder).
public struct RecordFieldWriter {
    public var position: UnsafeMutableRawPointer

    @inlinable
    public init(_ position: UnsafeMutableRawPointer) {
        self.position = position
    }

    @inlinable @inline(__always)
    public mutating func byte(_ value: UInt8) {
        position.storeBytes(of: value, as: UInt8.self)
        position += 1
    }

    @inlinable @inline(__always)
    public mutating func bool(_ value: Bool) {
        byte(value ? 1 : 0)
    }

    /// Unsigned LEB128: 7 bits per byte, low bits first, high bit set on all but the last byte.
    @inlinable @inline(__always)
    public mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            byte(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        byte(UInt8(truncatingIfNeeded: value))
    }

    /// Zigzag-mapped varint: 0, -1, 1, -2, ... become 0, 1, 2, 3, ... so small negatives stay short.
    @inlinable @inline(__always)
    public mutating func signed(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    @inlinable @inline(__always)
    public mutating func count(_ value: Int) {
        varint(UInt64(value))
    }

    @inlinable @inline(__always)
    public mutating func fixed16(_ value: UInt16) {
        position.storeBytes(of: value.littleEndian, as: UInt16.self)
        position += 2
    }

    @inlinable @inline(__always)
    public mutating func fixed32(_ value: UInt32) {
        position.storeBytes(of: value.littleEndian, as: UInt32.self)
        position += 4
    }

    @inlinable @inline(__always)
    public mutating func fixed64(_ value: UInt64) {
        position.storeBytes(of: value.littleEndian, as: UInt64.self)
        position += 8
    }

    /// The bytes as they are, without a length.
    @inlinable @inline(__always)
    public mutating func raw(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        position.copyMemory(from: source, byteCount: bytes.count)
        position += bytes.count
    }

    /// Length-prefixed bytes.
    @inlinable @inline(__always)
    public mutating func bytes(_ value: UnsafeRawBufferPointer) {
        count(value.count)
        raw(value)
    }

    /// Length-prefixed UTF-8.
    @inlinable
    public mutating func string(_ value: String) {
        if value.utf8.withContiguousStorageIfAvailable({ bytes(UnsafeRawBufferPointer($0)) }) == nil {
            // Strings not stored as contiguous UTF-8 (bridged or lazily decoded ones).
            var native = value
            native.makeContiguousUTF8()
            native.withUTF8 { bytes(UnsafeRawBufferPointer($0)) }
        }
    }

    /// Length-prefixed UTF-8 from bytes a client or server sent: as they are when they are valid UTF-8,
    /// else repaired (U+FFFD for each invalid sequence, up to three bytes for each byte sent) exactly as
    /// `String(decoding:as:)` repairs them.
    @inlinable @inline(__always)
    public mutating func utf8String(_ value: UnsafeRawBufferPointer) {
        if Self.isASCII(value) {
            bytes(value)
        } else {
            string(String(decoding: value, as: UTF8.self))
        }
    }

    /// An optional signed value: a presence byte (0 absent, 1 present), then the value when present.
    @inlinable @inline(__always)
    public mutating func optionalSigned(_ value: Int64?) {
        if let value {
            byte(1)
            signed(value)
        } else {
            byte(0)
        }
    }

    /// An optional varint: a presence byte, then the value when present.
    @inlinable @inline(__always)
    public mutating func optionalVarint(_ value: UInt64?) {
        if let value {
            byte(1)
            varint(value)
        } else {
            byte(0)
        }
    }

    /// A presence byte (0 absent, 1 present), then the value when present.
    @inlinable @inline(__always)
    public mutating func optional<Value>(_ value: Value?, _ write: (inout RecordFieldWriter, Value) -> Void) {
        if let value {
            byte(1)
            write(&self, value)
        } else {
            byte(0)
        }
    }

    /// Whether every byte is below 0x80, eight at a time.
    @inlinable @inline(__always)
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
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
}
