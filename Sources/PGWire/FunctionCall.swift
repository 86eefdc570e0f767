/// FunctionCall ('F'): the legacy fast-path call of function `functionOID`.
public struct FunctionCall: Sendable, Equatable {
    public var functionOID: UInt32
    public var argumentFormats: [Int16]
    /// Raw argument values as sent; `nil` is SQL NULL.
    public var arguments: [[UInt8]?]
    public var resultFormat: Int16

    public init(functionOID: UInt32, argumentFormats: [Int16], arguments: [[UInt8]?], resultFormat: Int16) {
        self.functionOID = functionOID
        self.argumentFormats = argumentFormats
        self.arguments = arguments
        self.resultFormat = resultFormat
    }

    init(reading reader: inout ByteReader) throws(PGWireError) {
        functionOID = try reader.readUInt32()
        argumentFormats = try Bind.readFormats(&reader, field: "argument format")
        let count = try reader.readCount16(minimumItemSize: 4, field: "argument")
        var values: [[UInt8]?] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try reader.readNullableBytes()) }
        arguments = values
        resultFormat = try reader.readInt16()
        try reader.expectEnd(of: "FunctionCall")
    }
}
