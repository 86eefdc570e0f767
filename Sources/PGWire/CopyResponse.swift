/// CopyInResponse ('G'), CopyOutResponse ('H') and CopyBothResponse ('W'): the COPY data formats.
public struct CopyResponse: Sendable, Equatable {
    /// 0 textual COPY (rows separated by newlines), 1 binary.
    public var overallFormat: Int8
    /// One format code per column (0 text, 1 binary).
    public var columnFormats: [Int16]

    public init(overallFormat: Int8, columnFormats: [Int16]) {
        self.overallFormat = overallFormat
        self.columnFormats = columnFormats
    }

    /// An owned copy of a borrowed response.
    public init(_ response: BorrowedCopyResponse) {
        overallFormat = response.overallFormat
        columnFormats = Array(response.columnFormats)
    }
}
