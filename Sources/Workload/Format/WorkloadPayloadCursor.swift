#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a record payload could not be decoded; the reader turns it into `WorkloadFormatError.corrupt`.
/// Public only because the cursor's inlinable primitives throw it (see `WorkloadPayloadCursor`).
public struct WorkloadPayloadError: Error {
    package let reason: String

    package init(reason: String) {
        self.reason = reason
    }
}

/// Reads the fields of one record payload, checking every read against the payload's end.
/// Bytes after the last known field are left unread: newer minor versions may append fields.
/// Shared by the workload and run file readers. The primitives are `@inlinable`: replay decodes its
/// requests in another module, and a call per field cost more than the field. They are `public`
/// because Swift 6.3 does not inline a `package` function into another module, `@inlinable` or not.
public struct WorkloadPayloadCursor {
    @usableFromInline let bytes: UnsafeRawBufferPointer
    @usableFromInline var position = 0

    package init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    @inlinable
    var remaining: Int { bytes.count - position }

    @usableFromInline
    func pastEnd(_ field: StaticString) -> WorkloadPayloadError {
        WorkloadPayloadError(reason: "field \(field) runs past the end of the record")
    }

    @inlinable @inline(__always)
    public mutating func byte(_ field: StaticString) throws(WorkloadPayloadError) -> UInt8 {
        guard position < bytes.count else { throw pastEnd(field) }
        defer { position += 1 }
        return bytes[position]
    }

    @inlinable @inline(__always)
    public mutating func bool(_ field: StaticString) throws(WorkloadPayloadError) -> Bool {
        switch try byte(field) {
        case 0: return false
        case 1: return true
        case let other: throw Self.invalidBoolean(field, other)
        }
    }

    @usableFromInline
    static func invalidBoolean(_ field: StaticString, _ value: UInt8) -> WorkloadPayloadError {
        WorkloadPayloadError(reason: "field \(field) has invalid boolean value \(value)")
    }

    /// Reads a presence byte: true when the optional value follows.
    @inlinable @inline(__always)
    public mutating func isPresent(_ field: StaticString) throws(WorkloadPayloadError) -> Bool {
        switch try byte(field) {
        case 0: return false
        case 1: return true
        case let other: throw Self.invalidPresence(field, other)
        }
    }

    @usableFromInline
    static func invalidPresence(_ field: StaticString, _ value: UInt8) -> WorkloadPayloadError {
        WorkloadPayloadError(reason: "field \(field) has invalid presence byte \(value)")
    }

    package mutating func fixed16(_ field: StaticString) throws(WorkloadPayloadError) -> UInt16 {
        guard remaining >= 2 else { throw pastEnd(field) }
        defer { position += 2 }
        return bytes.loadUnaligned(fromByteOffset: position, as: UInt16.self).littleEndian
    }

    @inlinable @inline(__always)
    public mutating func fixed64(_ field: StaticString) throws(WorkloadPayloadError) -> UInt64 {
        guard remaining >= 8 else { throw pastEnd(field) }
        defer { position += 8 }
        return bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self).littleEndian
    }

    /// Unsigned LEB128 of at most 10 bytes whose value fits in 64 bits.
    @inlinable @inline(__always)
    public mutating func varint(_ field: StaticString) throws(WorkloadPayloadError) -> UInt64 {
        // Fast path: most values (counts, flags, small numbers) fit in one byte.
        if position < bytes.count {
            let first = bytes[position]
            if first < 0x80 {
                position += 1
                return UInt64(first)
            }
        }
        return try multiByteVarint(field)
    }

    /// A varint of more than one byte. With eight bytes left in the payload it reads them as one word:
    /// the first byte without its high bit ends the varint, and the 7-bit groups before it are
    /// gathered with masks and shifts instead of a loop over the bytes (timestamps take nine).
    @usableFromInline
    mutating func multiByteVarint(_ field: StaticString) throws(WorkloadPayloadError) -> UInt64 {
        guard bytes.count - position >= 8 else { return try bytewiseVarint(field) }
        let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        let ends = ~word & 0x8080_8080_8080_8080
        if ends != 0 {
            let length = (ends.trailingZeroBitCount + 1) >> 3
            position += length
            return Self.gathered(length == 8 ? word : word & ((1 &<< UInt64(length &* 8)) &- 1))
        }
        // All eight continue: bits 56 to 62 are in a ninth byte, bit 63 in a tenth.
        position += 8
        let value = Self.gathered(word)
        guard position < bytes.count else { throw pastEnd(field) }
        let ninth = bytes[position]
        position += 1
        if ninth < 0x80 { return value | UInt64(ninth) << 56 }
        guard position < bytes.count else { throw pastEnd(field) }
        let tenth = bytes[position]
        position += 1
        if tenth > 1 { throw Self.varintTooLarge(field) }
        return value | UInt64(ninth & 0x7F) << 56 | UInt64(tenth) << 63
    }

    /// The low 7 bits of each byte of `word`, packed together (byte k's at bit 7k).
    private static func gathered(_ word: UInt64) -> UInt64 {
        var bits = word & 0x7F7F_7F7F_7F7F_7F7F
        bits = (bits & 0x007F_007F_007F_007F) | (bits & 0x7F00_7F00_7F00_7F00) >> 1
        bits = (bits & 0x0000_3FFF_0000_3FFF) | (bits & 0x3FFF_0000_3FFF_0000) >> 2
        bits = (bits & 0x0000_0000_0FFF_FFFF) | (bits & 0x0FFF_FFFF_0000_0000) >> 4
        return bits
    }

    /// The same a byte at a time, near the end of the payload.
    private mutating func bytewiseVarint(_ field: StaticString) throws(WorkloadPayloadError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count else { throw pastEnd(field) }
            let byte = bytes[position]
            position += 1
            if shift == 63 && byte > 1 { throw Self.varintTooLarge(field) }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    @usableFromInline
    static func varintTooLarge(_ field: StaticString) -> WorkloadPayloadError {
        WorkloadPayloadError(reason: "field \(field) has a varint larger than 64 bits")
    }

    /// Steps over a varint whose value is not needed, refusing it as `varint` would (past the end, or
    /// larger than 64 bits), without computing it.
    @inlinable @inline(__always)
    public mutating func skipVarint(_ field: StaticString) throws(WorkloadPayloadError) {
        var index = position
        var used = 0
        while true {
            guard index < bytes.count else { throw pastEnd(field) }
            let byte = bytes[index]
            index += 1
            used += 1
            if used == 10 && byte > 1 { throw Self.varintTooLarge(field) }
            if byte < 0x80 { break }
        }
        position = index
    }

    @inlinable @inline(__always)
    public mutating func signed(_ field: StaticString) throws(WorkloadPayloadError) -> Int64 {
        let raw = try varint(field)
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    @inlinable @inline(__always)
    public mutating func uint32(_ field: StaticString) throws(WorkloadPayloadError) -> UInt32 {
        let value = try varint(field)
        guard let narrowed = UInt32(exactly: value) else { throw outOfRange(field, value) }
        return narrowed
    }

    @inlinable @inline(__always)
    public mutating func uint16(_ field: StaticString) throws(WorkloadPayloadError) -> UInt16 {
        let value = try varint(field)
        guard let narrowed = UInt16(exactly: value) else { throw outOfRange(field, value) }
        return narrowed
    }

    @inlinable @inline(__always)
    public mutating func int32(_ field: StaticString) throws(WorkloadPayloadError) -> Int32 {
        let value = try signed(field)
        guard let narrowed = Int32(exactly: value) else { throw outOfRange(field, value) }
        return narrowed
    }

    @inlinable @inline(__always)
    public mutating func int16(_ field: StaticString) throws(WorkloadPayloadError) -> Int16 {
        let value = try signed(field)
        guard let narrowed = Int16(exactly: value) else { throw outOfRange(field, value) }
        return narrowed
    }

    @usableFromInline
    func outOfRange(_ field: StaticString, _ value: some BinaryInteger) -> WorkloadPayloadError {
        WorkloadPayloadError(reason: "field \(field) has out-of-range value \(value)")
    }

    /// An element count, refused when even one byte per element would not fit in the rest of the
    /// payload, so a damaged count cannot trigger a huge allocation.
    @inlinable @inline(__always)
    public mutating func count(_ field: StaticString) throws(WorkloadPayloadError) -> Int {
        let value = try varint(field)
        guard value <= UInt64(remaining) else { throw Self.countTooLarge(field, value) }
        return Int(value)
    }

    @usableFromInline
    static func countTooLarge(_ field: StaticString, _ value: UInt64) -> WorkloadPayloadError {
        WorkloadPayloadError(reason: "field \(field) has count \(value), more than the record holds")
    }

    /// The next `length` bytes, checked to lie inside the payload.
    @inlinable @inline(__always)
    mutating func span(_ length: Int, _ field: StaticString) throws(WorkloadPayloadError) -> UnsafeRawBufferPointer {
        guard length <= remaining else { throw pastEnd(field) }
        defer { position += length }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + length)])
    }

    /// Length-prefixed UTF-8; invalid UTF-8 is reported, never repaired.
    package mutating func string(_ field: StaticString) throws(WorkloadPayloadError) -> String {
        try Self.validatedString(try rawBytes(field), field)
    }

    /// The bytes of a length-prefixed field, without copying them (valid as long as the payload is).
    @inlinable @inline(__always)
    public mutating func rawBytes(_ field: StaticString) throws(WorkloadPayloadError) -> UnsafeRawBufferPointer {
        let length = try count(field)
        return try span(length, field)
    }

    /// `utf8` as a String; invalid UTF-8 is reported, never repaired.
    package static func validatedString(_ utf8: UnsafeRawBufferPointer, _ field: StaticString) throws(WorkloadPayloadError) -> String {
        let value = utf8.withMemoryRebound(to: UInt8.self) { String(decoding: $0, as: UTF8.self) }
        // ASCII is valid UTF-8 as it is (most fields); otherwise decoding repairs invalid UTF-8 with
        // U+FFFD, and the result equals the input only when it was valid.
        if isASCII(utf8) { return value }
        let length = utf8.count
        var unchanged = false
        var copy = value
        copy.withUTF8 { decoded in
            unchanged = decoded.count == length
                && (length == 0 || memcmp(decoded.baseAddress!, utf8.baseAddress!, length) == 0)
        }
        guard unchanged else {
            throw WorkloadPayloadError(reason: "field \(field) is not valid UTF-8")
        }
        return value
    }

    /// Checks that `utf8` is valid UTF-8 without keeping a String of it.
    package static func validateUTF8(_ utf8: UnsafeRawBufferPointer, _ field: StaticString) throws(WorkloadPayloadError) {
        if isASCII(utf8) { return }
        _ = try validatedString(utf8, field)
    }

    /// Whether every byte is below 0x80, eight at a time.
    @inline(__always)
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        var index = 0
        var high: UInt64 = 0
        while count - index >= 8 {
            high |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < count {
            high |= UInt64(bytes[index])
            index += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    package mutating func byteArray(_ field: StaticString) throws(WorkloadPayloadError) -> [UInt8] {
        let length = try count(field)
        return Array(try span(length, field))
    }

    package mutating func optionalString(_ field: StaticString) throws(WorkloadPayloadError) -> String? {
        try isPresent(field) ? try string(field) : nil
    }

    package mutating func optionalSigned(_ field: StaticString) throws(WorkloadPayloadError) -> Int64? {
        try isPresent(field) ? try signed(field) : nil
    }

    package mutating func optionalByteArray(_ field: StaticString) throws(WorkloadPayloadError) -> [UInt8]? {
        try isPresent(field) ? try byteArray(field) : nil
    }
}
