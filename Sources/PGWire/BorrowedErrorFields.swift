#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fields of an ErrorResponse ('E') or NoticeResponse ('N'), borrowed from the message, in wire order.
///
/// Codes are the protocol's one-byte field types ('S' severity, 'C' SQLSTATE, 'M' message, ...); unknown
/// codes are kept, as the protocol says clients must ignore, not reject, them. Valid only during the
/// callback that receives it; `ErrorFields(_:)` makes an owned copy.
public struct BorrowedErrorFields: Collection {
    /// A field's position: the byte offset of its code.
    public typealias Index = Int

    /// The fields as sent: (code byte, value, NUL) each, without the final NUL.
    public let bytes: UnsafeRawBufferPointer

    @inlinable
    init(reading reader: inout ByteReader) throws(PGWireError) {
        let start = reader.position
        while true {
            let code = try reader.readUInt8()
            if code == 0 { break }
            _ = try reader.readCStringRange()
        }
        bytes = reader.slice(start..<(reader.position - 1))
        try reader.expectEnd(of: "Error/Notice response")
    }

    /// Fields kept from an earlier message (its `bytes`), which the decoder already proved well-formed.
    @inlinable
    public init(validatedFields bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The value of the first field with this code (an ASCII letter such as `UInt8(ascii: "C")`).
    public subscript(code: UInt8) -> BorrowedBytes? {
        for field in self where field.code == code { return field.value }
        return nil
    }

    /// The SQLSTATE code ('C'), e.g. "23505".
    public var sqlState: BorrowedBytes? { self[UInt8(ascii: "C")] }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { bytes.count }

    @inlinable
    public subscript(position: Int) -> (code: UInt8, value: BorrowedBytes) {
        (bytes[position], BorrowedBytes(UnsafeRawBufferPointer(rebasing: bytes[(position + 1)..<valueEnd(position)])))
    }

    @inlinable
    public func index(after position: Int) -> Int {
        valueEnd(position) + 1
    }

    /// The offset of the NUL that ends the value of the field at `position`.
    @inlinable
    func valueEnd(_ position: Int) -> Int {
        let start = bytes.baseAddress! + position + 1
        let found = memchr(start, 0, bytes.count - position - 1)!
        return position + 1 + start.distance(to: UnsafeRawPointer(found))
    }
}
