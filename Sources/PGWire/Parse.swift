/// Parse ('P'): prepare `query` as `statementName` (empty = the unnamed statement).
public struct Parse: Sendable, Equatable {
    public var statementName: String
    public var query: String
    /// Parameter types the client fixed in advance; 0 means "let the server infer".
    public var parameterTypeOIDs: [UInt32]

    public init(statementName: String, query: String, parameterTypeOIDs: [UInt32]) {
        self.statementName = statementName
        self.query = query
        self.parameterTypeOIDs = parameterTypeOIDs
    }

    init(reading reader: inout ByteReader) throws(PGWireError) {
        statementName = try reader.readCString()
        query = try reader.readCString()
        let count = try reader.readCount16(minimumItemSize: 4, field: "parameter type")
        var oids: [UInt32] = []
        oids.reserveCapacity(count)
        for _ in 0..<count { oids.append(try reader.readUInt32()) }
        parameterTypeOIDs = oids
        try reader.expectEnd(of: "Parse")
    }
}
