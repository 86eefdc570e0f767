/// Bind ('B'): create portal `portalName` from statement `statementName` with parameter values.
public struct Bind: Sendable, Equatable {
    public var portalName: String
    public var statementName: String
    /// Zero entries: all text; one: applies to all parameters; otherwise one per parameter (0 text, 1 binary).
    public var parameterFormats: [Int16]
    /// Raw parameter values as sent; `nil` is SQL NULL.
    public var parameters: [[UInt8]?]
    /// Result column formats, with the same zero/one/per-column convention as `parameterFormats`.
    public var resultFormats: [Int16]

    public init(portalName: String, statementName: String, parameterFormats: [Int16],
                parameters: [[UInt8]?], resultFormats: [Int16]) {
        self.portalName = portalName
        self.statementName = statementName
        self.parameterFormats = parameterFormats
        self.parameters = parameters
        self.resultFormats = resultFormats
    }

    init(reading reader: inout ByteReader) throws(PGWireError) {
        portalName = try reader.readCString()
        statementName = try reader.readCString()
        parameterFormats = try Self.readFormats(&reader, field: "parameter format")
        let count = try reader.readCount16(minimumItemSize: 4, field: "parameter value")
        var values: [[UInt8]?] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try reader.readNullableBytes()) }
        parameters = values
        resultFormats = try Self.readFormats(&reader, field: "result format")
        try reader.expectEnd(of: "Bind")
    }

    /// An Int16 count followed by that many Int16 format codes.
    static func readFormats(_ reader: inout ByteReader, field: StaticString) throws(PGWireError) -> [Int16] {
        let count = try reader.readCount16(minimumItemSize: 2, field: field)
        if count == 0 { return [] }
        // readCount16 proved that `count` Int16 values are in the body: read them without checks per item.
        let start = reader.position
        try reader.skip(2 * count)
        return [Int16](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                let offset = start + 2 * index
                buffer[index] = Int16(bitPattern: UInt16(reader.bytes[offset]) << 8 | UInt16(reader.bytes[offset + 1]))
            }
            initialized = count
        }
    }
}
