/// Length-prefixed values as a message carries them (Bind parameters, FunctionCall arguments): an Int32
/// length, -1 for SQL NULL, then that many bytes. Iterating walks the lengths; nothing is copied.
///
/// Borrowed from the decoder's input: valid only during the callback that receives it. Only the decoder
/// creates one, after checking that every length fits, so iterating needs no checks.
public struct BorrowedValues: Collection {
    /// A value's position: the byte offset of its length field.
    public typealias Index = Int

    /// The bytes of every value with its length field.
    public let bytes: UnsafeRawBufferPointer
    /// How many values there are.
    public let count: Int

    /// `bytes` must be exactly `count` well-formed values, as the decoder proved of an earlier message.
    @inlinable
    public init(validated bytes: UnsafeRawBufferPointer, count: Int) {
        self.bytes = bytes
        self.count = count
    }

    /// Reads `count` values at the reader's position, checking each length, and moves past them.
    @inlinable
    static func read(_ reader: inout ByteReader, count: Int) throws(PGWireError) -> BorrowedValues {
        let start = reader.position
        for _ in 0..<count { try reader.skipNullableBytes() }
        return BorrowedValues(validated: reader.slice(start..<reader.position), count: count)
    }

    @inlinable
    public var startIndex: Int { 0 }

    @inlinable
    public var endIndex: Int { bytes.count }

    @inlinable
    public var isEmpty: Bool { count == 0 }

    @inlinable
    public subscript(position: Int) -> BorrowedBytes? {
        let length = Self.length(at: position, in: bytes)
        guard length >= 0 else { return nil }
        return BorrowedBytes(UnsafeRawBufferPointer(rebasing: bytes[(position + 4)..<(position + 4 + length)]))
    }

    @inlinable
    public func index(after position: Int) -> Int {
        position + 4 + Swift.max(0, Self.length(at: position, in: bytes))
    }

    /// The Int32 length field at `position` (-1 for SQL NULL).
    @inlinable
    static func length(at position: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        Int(Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: position, as: Int32.self)))
    }
}
