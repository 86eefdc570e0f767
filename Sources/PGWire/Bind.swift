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

    /// An owned copy of a borrowed Bind.
    public init(_ bind: BorrowedBind) {
        portalName = bind.portalName.string
        statementName = bind.statementName.string
        parameterFormats = Array(bind.parameterFormats)
        parameters = bind.parameters.map { $0?.array }
        resultFormats = Array(bind.resultFormats)
    }
}
