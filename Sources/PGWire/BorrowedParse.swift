/// Parse ('P') with its fields borrowed from the message: prepare `query` as `statementName`.
///
/// Valid only during the callback that receives it; `Parse(_:)` makes an owned copy.
public struct BorrowedParse {
    /// Empty for the unnamed statement.
    public let statementName: BorrowedBytes
    public let query: BorrowedBytes
    /// Parameter types the client fixed in advance; 0 means "let the server infer".
    public let parameterTypeOIDs: BigEndianIntegers<UInt32>

    init(reading reader: inout ByteReader) throws(PGWireError) {
        statementName = try reader.readCStringBytes()
        query = try reader.readCStringBytes()
        parameterTypeOIDs = try reader.readOIDs(field: "parameter type")
        try reader.expectEnd(of: "Parse")
    }
}
