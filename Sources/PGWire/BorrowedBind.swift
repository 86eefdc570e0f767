/// Bind ('B') with its fields borrowed from the message: create portal `portalName` from statement
/// `statementName` with parameter values.
///
/// Valid only during the callback that receives it; `Bind(_:)` makes an owned copy. It keeps the body and
/// where its sections start (the fields are read from there on demand), so that passing a decoded message
/// along copies a few words rather than every field's pointer and length.
public struct BorrowedBind {
    /// The message body.
    public let body: UnsafeRawBufferPointer
    /// Offsets in `body`: the NUL after the portal name, the NUL after the statement name, the parameter
    /// count, and the result format count.
    @usableFromInline let portalNameEnd: Int32
    @usableFromInline let statementNameEnd: Int32
    @usableFromInline let parametersStart: Int32
    @usableFromInline let resultFormatsStart: Int32

    @inlinable
    init(reading reader: inout ByteReader) throws(PGWireError) {
        body = reader.bytes
        portalNameEnd = Int32(try reader.readCStringRange().upperBound)
        statementNameEnd = Int32(try reader.readCStringRange().upperBound)
        _ = try reader.readFormatCodes(field: "parameter format")
        parametersStart = Int32(reader.position)
        let count = try reader.readCount16(minimumItemSize: 4, field: "parameter value")
        _ = try BorrowedValues.read(&reader, count: count)
        resultFormatsStart = Int32(reader.position)
        _ = try reader.readFormatCodes(field: "result format")
        try reader.expectEnd(of: "Bind")
    }

    @inlinable
    public var portalName: BorrowedBytes {
        BorrowedBytes(slice(0, Int(portalNameEnd)))
    }

    @inlinable
    public var statementName: BorrowedBytes {
        BorrowedBytes(slice(Int(portalNameEnd) + 1, Int(statementNameEnd)))
    }

    /// Zero entries: all text; one: applies to all parameters; otherwise one per parameter (0 text, 1 binary).
    @inlinable
    public var parameterFormats: BigEndianIntegers<Int16> {
        BigEndianIntegers(bytes: slice(Int(statementNameEnd) + 3, Int(parametersStart)))
    }

    /// Raw parameter values as sent; nil is SQL NULL.
    @inlinable
    public var parameters: BorrowedValues {
        let start = Int(parametersStart)
        let count = Int(UInt16(bigEndian: body.loadUnaligned(fromByteOffset: start, as: UInt16.self)))
        return BorrowedValues(validated: slice(start + 2, Int(resultFormatsStart)), count: count)
    }

    /// Result column formats, with the same zero/one/per-column convention as `parameterFormats`.
    @inlinable
    public var resultFormats: BigEndianIntegers<Int16> {
        BigEndianIntegers(bytes: slice(Int(resultFormatsStart) + 2, body.count))
    }

    /// Where each field lies in `body`, for a consumer that copies the body once and keeps the fields
    /// as ranges of its copy: the names without their NULs, formats and values after their counts.
    @inlinable
    public var fieldRanges: FieldRanges {
        let start = Int(parametersStart)
        return FieldRanges(
            portalName: 0..<Int(portalNameEnd),
            statementName: (Int(portalNameEnd) + 1)..<Int(statementNameEnd),
            parameterFormats: (Int(statementNameEnd) + 3)..<start,
            parameters: (start + 2)..<Int(resultFormatsStart),
            parameterCount: Int(UInt16(bigEndian: body.loadUnaligned(fromByteOffset: start, as: UInt16.self))),
            resultFormats: (Int(resultFormatsStart) + 2)..<body.count)
    }

    /// The fields' positions in a Bind's body (see `fieldRanges`).
    public struct FieldRanges {
        public let portalName: Range<Int>
        public let statementName: Range<Int>
        /// Big-endian Int16 codes.
        public let parameterFormats: Range<Int>
        /// Length-prefixed values, `parameterCount` of them.
        public let parameters: Range<Int>
        public let parameterCount: Int
        /// Big-endian Int16 codes.
        public let resultFormats: Range<Int>

        @inlinable
        init(portalName: Range<Int>, statementName: Range<Int>, parameterFormats: Range<Int>, parameters: Range<Int>,
             parameterCount: Int, resultFormats: Range<Int>) {
            self.portalName = portalName
            self.statementName = statementName
            self.parameterFormats = parameterFormats
            self.parameters = parameters
            self.parameterCount = parameterCount
            self.resultFormats = resultFormats
        }
    }

    @inlinable
    func slice(_ start: Int, _ end: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: body[start..<end])
    }
}
