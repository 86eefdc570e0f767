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

    /// An owned copy of a borrowed Parse.
    public init(_ parse: BorrowedParse) {
        statementName = parse.statementName.string
        query = parse.query.string
        parameterTypeOIDs = Array(parse.parameterTypeOIDs)
    }
}
