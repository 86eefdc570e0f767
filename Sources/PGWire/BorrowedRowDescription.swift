/// RowDescription ('T'), borrowed from the message: the result columns, read one by one on demand.
///
/// Valid only during the callback that receives it; `fields` makes owned copies.
public struct BorrowedRowDescription {
    /// How many columns the result has.
    public let columnCount: Int
    /// The column descriptions as sent, after the count.
    public let bytes: UnsafeRawBufferPointer

    @inlinable
    init(reading reader: inout ByteReader) throws(PGWireError) {
        columnCount = try reader.readCount16(minimumItemSize: 19, field: "RowDescription field")
        let start = reader.position
        for _ in 0..<columnCount { try FieldDescription.skip(&reader) }
        bytes = reader.slice(start..<reader.position)
        try reader.expectEnd(of: "RowDescription")
    }

    /// Every column's description, as owned values.
    public var fields: [FieldDescription] {
        var reader = ByteReader(bytes)
        var fields: [FieldDescription] = []
        fields.reserveCapacity(columnCount)
        // The decoder already walked these bytes, so no read can fail.
        for _ in 0..<columnCount {
            guard let field = try? FieldDescription(reading: &reader) else { break }
            fields.append(field)
        }
        return fields
    }
}
