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

    /// An owned copy of a borrowed FunctionCall.
    public init(_ call: BorrowedFunctionCall) {
        functionOID = call.functionOID
        argumentFormats = Array(call.argumentFormats)
        arguments = call.arguments.map { $0?.array }
        resultFormat = call.resultFormat
    }
}
