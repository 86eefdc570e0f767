import PGWire

/// The variable fields of a request as the client sent them (statement text, names, parameter types,
/// formats and values), copied into one buffer that is reused from request to request.
///
/// The bytes stay in wire form (big-endian codes and OIDs, length-prefixed values), as PGWire validated
/// them; the record encoder reads them back through PGWire's borrowed views. Copying a Bind's fields
/// is one `memcpy` per field and, once the buffer has grown, no allocation. Each value owns its storage
/// (see `ByteStorage`): it is created fresh and never copied, only assigned from with `assign(_:)`.
struct ClientFields {
    let storage = ByteStorage()
    /// nil when the statement was prepared before the capture started (its text is unknown).
    private(set) var text: Range<Int>?
    private(set) var statementName = 0..<0
    private(set) var portalName = 0..<0
    /// Big-endian UInt32 OIDs.
    private(set) var parameterTypeOIDs = 0..<0
    /// Big-endian Int16 format codes.
    private(set) var parameterFormats = 0..<0
    /// Length-prefixed values, `parameterCount` of them.
    private(set) var parameters = 0..<0
    private(set) var parameterCount = 0
    /// Big-endian Int16 format codes.
    private(set) var resultFormats = 0..<0

    /// Capacity kept between requests; a larger buffer (a huge parameter) is given back.
    static let retainedCapacity = 64 * 1024

    /// Forgets every field, keeping the buffer.
    mutating func clear() {
        storage.removeAll(keepingAtMost: Self.retainedCapacity)
        text = nil
        statementName = 0..<0
        portalName = 0..<0
        parameterTypeOIDs = 0..<0
        parameterFormats = 0..<0
        parameters = 0..<0
        parameterCount = 0
        resultFormats = 0..<0
    }

    /// Becomes a copy of `other`, reusing this buffer.
    mutating func assign(_ other: ClientFields) {
        clear()
        storage.append(other.storage.bytes)
        text = other.text
        statementName = other.statementName
        portalName = other.portalName
        parameterTypeOIDs = other.parameterTypeOIDs
        parameterFormats = other.parameterFormats
        parameters = other.parameters
        parameterCount = other.parameterCount
        resultFormats = other.resultFormats
    }

    mutating func setText(_ value: UnsafeRawBufferPointer) { text = append(value) }
    mutating func setStatementName(_ value: BorrowedBytes) { statementName = append(value.buffer) }
    mutating func setPortalName(_ value: BorrowedBytes) { portalName = append(value.buffer) }
    mutating func setParameterTypeOIDs(_ value: UnsafeRawBufferPointer) { parameterTypeOIDs = append(value) }
    mutating func setParameterFormats(_ value: BigEndianIntegers<Int16>) { parameterFormats = append(value.bytes) }
    mutating func setParameters(_ value: BorrowedValues) {
        parameters = append(value.bytes)
        parameterCount = value.count
    }
    mutating func setResultFormats(_ value: UnsafeRawBufferPointer) { resultFormats = append(value) }

    /// Takes a Bind's names, formats and values with one copy of its body (the fields become ranges of
    /// the copy) rather than one copy per field.
    mutating func setBindFields(_ bind: BorrowedBind) {
        let base = append(bind.body).lowerBound
        let fields = bind.fieldRanges
        func shifted(_ range: Range<Int>) -> Range<Int> { (base + range.lowerBound)..<(base + range.upperBound) }
        portalName = shifted(fields.portalName)
        statementName = shifted(fields.statementName)
        parameterFormats = shifted(fields.parameterFormats)
        parameters = shifted(fields.parameters)
        parameterCount = fields.parameterCount
        resultFormats = shifted(fields.resultFormats)
    }

    /// Appends bytes that belong to the request but are not fields of the client's (command tags), and
    /// returns where they went.
    @inline(__always)
    mutating func append(_ value: UnsafeRawBufferPointer) -> Range<Int> {
        storage.append(value)
    }

    /// Appends one byte (a NUL after a command tag).
    @inline(__always)
    mutating func append(byte: UInt8) {
        storage.append(byte: byte)
    }

    /// Everything stored; valid until the next change.
    var bytes: UnsafeRawBufferPointer { storage.bytes }
}
