/// CopyInResponse ('G'), CopyOutResponse ('H') and CopyBothResponse ('W'), borrowed: the COPY data formats.
///
/// Valid only during the callback that receives it; `CopyResponse(_:)` makes an owned copy.
public struct BorrowedCopyResponse {
    /// 0 textual COPY (rows separated by newlines), 1 binary.
    public let overallFormat: Int8
    /// One format code per column (0 text, 1 binary).
    public let columnFormats: BigEndianIntegers<Int16>

    @inlinable
    init(reading reader: inout ByteReader) throws(PGWireError) {
        overallFormat = Int8(bitPattern: try reader.readUInt8())
        columnFormats = try reader.readFormatCodes(field: "column format")
        try reader.expectEnd(of: "Copy response")
    }
}
