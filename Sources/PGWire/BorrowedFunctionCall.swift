/// FunctionCall ('F') with its fields borrowed from the message: the legacy fast-path call of `functionOID`.
///
/// Valid only during the callback that receives it; `FunctionCall(_:)` makes an owned copy.
public struct BorrowedFunctionCall {
    public let functionOID: UInt32
    public let argumentFormats: BigEndianIntegers<Int16>
    /// Raw argument values as sent; nil is SQL NULL.
    public let arguments: BorrowedValues
    public let resultFormat: Int16

    init(reading reader: inout ByteReader) throws(PGWireError) {
        functionOID = try reader.readUInt32()
        argumentFormats = try reader.readFormatCodes(field: "argument format")
        let count = try reader.readCount16(minimumItemSize: 4, field: "argument")
        arguments = try BorrowedValues.read(&reader, count: count)
        resultFormat = try reader.readInt16()
        try reader.expectEnd(of: "FunctionCall")
    }
}
