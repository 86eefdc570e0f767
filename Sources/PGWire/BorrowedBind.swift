/// Bind ('B') with its fields borrowed from the message: create portal `portalName` from statement
/// `statementName` with parameter values.
///
/// Valid only during the callback that receives it; `Bind(_:)` makes an owned copy.
public struct BorrowedBind {
    public let portalName: BorrowedBytes
    public let statementName: BorrowedBytes
    /// Zero entries: all text; one: applies to all parameters; otherwise one per parameter (0 text, 1 binary).
    public let parameterFormats: BigEndianIntegers<Int16>
    /// Raw parameter values as sent; nil is SQL NULL.
    public let parameters: BorrowedValues
    /// Result column formats, with the same zero/one/per-column convention as `parameterFormats`.
    public let resultFormats: BigEndianIntegers<Int16>

    init(reading reader: inout ByteReader) throws(PGWireError) {
        portalName = try reader.readCStringBytes()
        statementName = try reader.readCStringBytes()
        parameterFormats = try reader.readFormatCodes(field: "parameter format")
        let count = try reader.readCount16(minimumItemSize: 4, field: "parameter value")
        parameters = try BorrowedValues.read(&reader, count: count)
        resultFormats = try reader.readFormatCodes(field: "result format")
        try reader.expectEnd(of: "Bind")
    }
}
