#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bounds-checked cursor over borrowed bytes, reading PostgreSQL's big-endian wire types.
///
/// Every read checks the remaining length first and throws `PGWireError` instead of trapping,
/// so message decoders can run on arbitrary input. It never copies unless a read returns owned data.
/// `@usableFromInline`: the typed decoding path is `@inlinable`, so that a consumer in another module gets
/// it specialized and inlined with its own handling of each message.
@usableFromInline
struct ByteReader {
    @usableFromInline let bytes: UnsafeRawBufferPointer
    @usableFromInline var position: Int = 0

    @inlinable
    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    @inlinable var remaining: Int { bytes.count - position }
    @inlinable var isAtEnd: Bool { position >= bytes.count }

    @inlinable @inline(__always)
    mutating func readUInt8() throws(PGWireError) -> UInt8 {
        guard remaining >= 1 else { throw PGWireError("message body ends inside a 1-byte field") }
        let value = bytes[position]
        position += 1
        return value
    }

    @inlinable @inline(__always)
    mutating func readInt16() throws(PGWireError) -> Int16 {
        guard remaining >= 2 else { throw PGWireError("message body ends inside a 2-byte integer") }
        let value = UInt16(bytes[position]) << 8 | UInt16(bytes[position + 1])
        position += 2
        return Int16(bitPattern: value)
    }

    @inlinable @inline(__always)
    mutating func readInt32() throws(PGWireError) -> Int32 {
        Int32(bitPattern: try readUInt32())
    }

    @inlinable @inline(__always)
    mutating func readUInt32() throws(PGWireError) -> UInt32 {
        guard remaining >= 4 else { throw PGWireError("message body ends inside a 4-byte integer") }
        let value = ByteReader.uint32(bytes, at: position)
        position += 4
        return value
    }

    /// A count field (Int16) that must be non-negative and whose items, each at least
    /// `minimumItemSize` bytes, must fit in what is left of the body.
    @inlinable @inline(__always)
    mutating func readCount16(minimumItemSize: Int, field: StaticString) throws(PGWireError) -> Int {
        let count = Int(try readInt16())
        guard count >= 0 else { throw PGWireError("negative \(field) count \(count)") }
        guard count * minimumItemSize <= remaining else {
            throw PGWireError("\(field) count \(count) does not fit in the message body")
        }
        return count
    }

    /// A NUL-terminated string, decoded as UTF-8 (invalid sequences are repaired, never trapped on).
    @inlinable @inline(__always)
    mutating func readCString() throws(PGWireError) -> String {
        let range = try readCStringRange()
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// A NUL-terminated string, borrowed (without the NUL).
    @inlinable @inline(__always)
    mutating func readCStringBytes() throws(PGWireError) -> BorrowedBytes {
        BorrowedBytes(slice(try readCStringRange()))
    }

    /// Skips a NUL-terminated string, returning the range of its bytes (without the NUL).
    @inlinable @inline(__always)
    mutating func readCStringRange() throws(PGWireError) -> Range<Int> {
        let start = position
        // Names and tags are short: look at the first bytes here before calling memchr.
        var end = start
        let shortEnd = Swift.min(bytes.count, start + 16)
        while end < shortEnd {
            if bytes[end] == 0 {
                position = end + 1
                return start..<end
            }
            end += 1
        }
        guard end < bytes.count, let base = bytes.baseAddress,
              let found = memchr(base + end, 0, bytes.count - end) else {
            throw PGWireError("missing NUL terminator in a string field")
        }
        end = base.distance(to: UnsafeRawPointer(found))
        position = end + 1
        return start..<end
    }

    /// `count` bytes as an owned array.
    @inlinable @inline(__always)
    mutating func readBytes(_ count: Int) throws(PGWireError) -> [UInt8] {
        guard count >= 0, count <= remaining else {
            throw PGWireError("field of \(count) bytes does not fit in the message body")
        }
        let value = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[position..<position + count]))
        position += count
        return value
    }

    @inlinable @inline(__always)
    mutating func skip(_ count: Int) throws(PGWireError) {
        guard count >= 0, count <= remaining else {
            throw PGWireError("field of \(count) bytes does not fit in the message body")
        }
        position += count
    }

    /// A value prefixed by its Int32 length, where -1 means SQL NULL.
    @inlinable @inline(__always)
    mutating func readNullableBytes() throws(PGWireError) -> [UInt8]? {
        let length = try readInt32()
        if length == -1 { return nil }
        guard length >= 0 else { throw PGWireError("invalid value length \(length)") }
        return try readBytes(Int(length))
    }

    /// A value prefixed by its Int32 length, borrowed; nil for SQL NULL (-1).
    @inlinable @inline(__always)
    mutating func readBorrowedNullableBytes() throws(PGWireError) -> BorrowedBytes? {
        let length = try readInt32()
        if length == -1 { return nil }
        guard length >= 0 else { throw PGWireError("invalid value length \(length)") }
        let start = position
        try skip(Int(length))
        return BorrowedBytes(slice(start..<position))
    }

    /// An Int16 count followed by that many Int16 format codes (Bind, FunctionCall, Copy responses).
    @inlinable @inline(__always)
    mutating func readFormatCodes(field: StaticString) throws(PGWireError) -> BigEndianIntegers<Int16> {
        try readIntegers(field: field)
    }

    /// An Int16 count followed by that many UInt32 OIDs (Parse, ParameterDescription).
    @inlinable @inline(__always)
    mutating func readOIDs(field: StaticString) throws(PGWireError) -> BigEndianIntegers<UInt32> {
        try readIntegers(field: field)
    }

    /// An Int16 count followed by that many big-endian integers, borrowed.
    @inlinable @inline(__always)
    mutating func readIntegers<Element: FixedWidthInteger>(field: StaticString) throws(PGWireError) -> BigEndianIntegers<Element> {
        let size = MemoryLayout<Element>.size
        let count = try readCount16(minimumItemSize: size, field: field)
        let start = position
        try skip(size * count)
        return BigEndianIntegers(bytes: slice(start..<position))
    }

    /// The bytes in `range` of the body, borrowed.
    @inlinable @inline(__always)
    func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[range])
    }

    /// Skips a value prefixed by its Int32 length (-1 = SQL NULL) without copying it.
    @inlinable @inline(__always)
    mutating func skipNullableBytes() throws(PGWireError) {
        let length = try readInt32()
        if length == -1 { return }
        guard length >= 0 else { throw PGWireError("invalid value length \(length)") }
        try skip(Int(length))
    }

    /// Requires that the whole body was consumed: trailing bytes mean a framing error.
    @inlinable @inline(__always)
    func expectEnd(of message: StaticString) throws(PGWireError) {
        guard remaining == 0 else {
            throw PGWireError("\(remaining) unexpected trailing bytes in \(message)")
        }
    }

    /// Big-endian UInt32 at `offset`; the caller guarantees `offset + 4 <= bytes.count`.
    @inlinable @inline(__always)
    static func uint32(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}
