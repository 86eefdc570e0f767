/// FunctionCall ('F') with its fields borrowed from the message: the legacy fast-path call of `functionOID`.
///
/// Valid only during the callback that receives it; `FunctionCall(_:)` makes an owned copy. Like
/// `BorrowedBind` it keeps the body and where its sections start, and reads the fields on demand.
public struct BorrowedFunctionCall {
    /// The message body.
    public let body: UnsafeRawBufferPointer
    /// Offsets in `body` of the argument count and of the result format.
    @usableFromInline let argumentsStart: Int32
    @usableFromInline let resultFormatStart: Int32

    @inlinable
    init(reading reader: inout ByteReader) throws(PGWireError) {
        body = reader.bytes
        _ = try reader.readUInt32()
        _ = try reader.readFormatCodes(field: "argument format")
        argumentsStart = Int32(reader.position)
        let count = try reader.readCount16(minimumItemSize: 4, field: "argument")
        _ = try BorrowedValues.read(&reader, count: count)
        resultFormatStart = Int32(reader.position)
        _ = try reader.readInt16()
        try reader.expectEnd(of: "FunctionCall")
    }

    @inlinable
    public var functionOID: UInt32 {
        UInt32(bigEndian: body.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
    }

    @inlinable
    public var argumentFormats: BigEndianIntegers<Int16> {
        BigEndianIntegers(bytes: UnsafeRawBufferPointer(rebasing: body[6..<Int(argumentsStart)]))
    }

    /// Raw argument values as sent; nil is SQL NULL.
    @inlinable
    public var arguments: BorrowedValues {
        let start = Int(argumentsStart)
        let count = Int(UInt16(bigEndian: body.loadUnaligned(fromByteOffset: start, as: UInt16.self)))
        return BorrowedValues(validated: UnsafeRawBufferPointer(rebasing: body[(start + 2)..<Int(resultFormatStart)]), count: count)
    }

    @inlinable
    public var resultFormat: Int16 {
        Int16(bigEndian: body.loadUnaligned(fromByteOffset: Int(resultFormatStart), as: Int16.self))
    }
}
