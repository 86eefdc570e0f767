/// One result column of a RowDescription ('T').
public struct FieldDescription: Sendable, Equatable {
    public var name: String
    /// The table the column comes from, or 0.
    public var tableOID: UInt32
    /// The column's attribute number in that table, or 0.
    public var columnAttribute: Int16
    public var typeOID: UInt32
    /// pg_type.typlen: negative for variable-width types.
    public var typeSize: Int16
    public var typeModifier: Int32
    /// 0 text, 1 binary (zero when it comes from a statement Describe: not yet known).
    public var format: Int16

    public init(name: String, tableOID: UInt32, columnAttribute: Int16, typeOID: UInt32,
                typeSize: Int16, typeModifier: Int32, format: Int16) {
        self.name = name
        self.tableOID = tableOID
        self.columnAttribute = columnAttribute
        self.typeOID = typeOID
        self.typeSize = typeSize
        self.typeModifier = typeModifier
        self.format = format
    }

    /// Moves past one description with the same reads as `init(reading:)`, so the same bytes fail the same way.
    @inlinable
    static func skip(_ reader: inout ByteReader) throws(PGWireError) {
        _ = try reader.readCStringRange()
        if reader.remaining >= 18 {
            // The fixed part is there: none of the reads below can fail.
            try reader.skip(18)
            return
        }
        _ = try reader.readUInt32()
        _ = try reader.readInt16()
        _ = try reader.readUInt32()
        _ = try reader.readInt16()
        _ = try reader.readInt32()
        _ = try reader.readInt16()
    }

    init(reading reader: inout ByteReader) throws(PGWireError) {
        name = try reader.readCString()
        tableOID = try reader.readUInt32()
        columnAttribute = try reader.readInt16()
        typeOID = try reader.readUInt32()
        typeSize = try reader.readInt16()
        typeModifier = try reader.readInt32()
        format = try reader.readInt16()
    }
}
