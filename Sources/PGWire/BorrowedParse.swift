/// Parse ('P') with its fields borrowed from the message: prepare `query` as `statementName`.
///
/// Valid only during the callback that receives it; `Parse(_:)` makes an owned copy. Like `BorrowedBind`
/// it keeps the body and where its fields end, and reads them on demand.
public struct BorrowedParse {
    /// The message body.
    public let body: UnsafeRawBufferPointer
    /// Offsets in `body` of the NULs after the statement name and after the query.
    @usableFromInline let statementNameEnd: Int32
    @usableFromInline let queryEnd: Int32

    @inlinable
    init(reading reader: inout ByteReader) throws(PGWireError) {
        body = reader.bytes
        statementNameEnd = Int32(try reader.readCStringRange().upperBound)
        queryEnd = Int32(try reader.readCStringRange().upperBound)
        _ = try reader.readOIDs(field: "parameter type")
        try reader.expectEnd(of: "Parse")
    }

    /// Empty for the unnamed statement.
    @inlinable
    public var statementName: BorrowedBytes {
        BorrowedBytes(UnsafeRawBufferPointer(rebasing: body[0..<Int(statementNameEnd)]))
    }

    @inlinable
    public var query: BorrowedBytes {
        BorrowedBytes(UnsafeRawBufferPointer(rebasing: body[(Int(statementNameEnd) + 1)..<Int(queryEnd)]))
    }

    /// Parameter types the client fixed in advance; 0 means "let the server infer".
    @inlinable
    public var parameterTypeOIDs: BigEndianIntegers<UInt32> {
        BigEndianIntegers(bytes: UnsafeRawBufferPointer(rebasing: body[(Int(queryEnd) + 3)...]))
    }
}
