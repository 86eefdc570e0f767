import PGWire

/// A request between its first message and the ReadyForQuery that finishes it, as the assembler keeps
/// it: fixed fields inline, the client's fields and the server's tags and error in reused buffers.
///
/// Slots are recycled (see `PendingRequestQueue`), so an import allocates nothing per request once the
/// buffers have grown. `withBorrowed` lends it to the encoder as a `BorrowedRequest`.
struct PendingRequest {
    var session: UInt32 = 0
    var sequence: UInt32 = 0
    var kind = RequestKind.query
    var flags: RequestFlags = []
    var sentAt: Int64 = 0
    var firstReplyAt: Int64?
    var completedAt: Int64?
    var functionOID: UInt32?
    var rowLimit: Int32 = 0
    /// The Sync group whose ReadyForQuery finishes the request.
    var group: UInt64 = 0
    /// Its reply (completion, error, or being skipped) has been seen.
    var done = false

    /// The client's fields, then the command tags (each NUL-terminated) as they arrive.
    var fields = ClientFields()
    /// Where the command tags start in `fields`; they run to its end.
    var tagsStart = 0
    var tagCount = 0
    var rows: UInt64 = 0
    var dataRows: UInt64 = 0
    /// The ErrorResponse's fields as sent (see `BorrowedErrorFields.bytes`), when `hasError`.
    let errorFields = ByteStorage(capacity: 64)
    var hasError = false
    var transactionStatus: UInt8?
    var notices: UInt32 = 0
    var emptyQuery = false
    var suspended = false
    /// COPY FROM STDIN data, concatenated (rare: an owned array).
    var copyData: [UInt8]?
    /// The CopyFail message (rare: an owned array).
    var copyFail: [UInt8]?

    /// Starts the slot over as a new request, keeping its buffers.
    mutating func reset(session: UInt32, sequence: UInt32, kind: RequestKind, sentAt: Int64, group: UInt64) {
        self.session = session
        self.sequence = sequence
        self.kind = kind
        self.sentAt = sentAt
        self.group = group
        flags = []
        firstReplyAt = nil
        completedAt = nil
        functionOID = nil
        rowLimit = 0
        done = false
        fields.clear()
        tagsStart = 0
        tagCount = 0
        rows = 0
        dataRows = 0
        if hasError { clearError() }
        transactionStatus = nil
        notices = 0
        emptyQuery = false
        suspended = false
        copyData = nil
        copyFail = nil
    }

    /// Marks the end of the client's fields: command tags follow.
    mutating func sealClientFields() {
        tagsStart = fields.storage.count
    }

    mutating func appendCommandTag(_ tag: BorrowedBytes) {
        _ = fields.append(tag.buffer)
        fields.append(byte: 0)
        tagCount += 1
    }

    /// Keeps an ErrorResponse's fields (`BorrowedErrorFields.bytes`), replacing any earlier error.
    mutating func setError(_ error: UnsafeRawBufferPointer) {
        errorFields.removeAll(keepingAtMost: ClientFields.retainedCapacity)
        errorFields.append(error)
        hasError = true
    }

    mutating func clearError() {
        errorFields.removeAll(keepingAtMost: ClientFields.retainedCapacity)
        hasError = false
    }

    /// Lends the request to `body` as borrowed views of its buffers.
    func withBorrowed<Result>(_ body: (borrowing BorrowedRequest) -> Result) -> Result {
        let fieldBytes = fields.bytes
        func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: fieldBytes[range])
        }
        return withOptionalBytes(copyData) { copyDataBytes in
            withOptionalBytes(copyFail) { copyFailBytes in
                body(BorrowedRequest(
                    session: session, sequence: sequence, kind: kind, flags: flags, sentAt: sentAt,
                    firstReplyAt: firstReplyAt, completedAt: completedAt,
                    text: fields.text.map { BorrowedBytes(slice($0)) },
                    statementName: BorrowedBytes(slice(fields.statementName)),
                    portalName: BorrowedBytes(slice(fields.portalName)),
                    functionOID: functionOID,
                    parameterTypeOIDs: BigEndianIntegers(bytes: slice(fields.parameterTypeOIDs)),
                    parameterFormats: BigEndianIntegers(bytes: slice(fields.parameterFormats)),
                    parameters: BorrowedValues(validated: slice(fields.parameters), count: fields.parameterCount),
                    resultFormats: BigEndianIntegers(bytes: slice(fields.resultFormats)),
                    rowLimit: rowLimit,
                    copyData: copyDataBytes.map(BorrowedBytes.init),
                    copyFail: copyFailBytes.map(BorrowedBytes.init),
                    commandTags: BorrowedCStrings(validated: slice(tagsStart..<fieldBytes.count), count: tagCount),
                    rows: rows, dataRows: dataRows,
                    error: hasError ? BorrowedErrorFields(validatedFields: errorFields.bytes) : nil,
                    transactionStatus: transactionStatus, notices: notices,
                    emptyQuery: emptyQuery, suspended: suspended,
                    storedByteCount: fieldBytes.count + errorFields.count + (copyData?.count ?? 0) + (copyFail?.count ?? 0)))
            }
        }
    }
}

/// Calls `body` with the bytes of `array`, or nil.
@inline(__always)
private func withOptionalBytes<Result>(_ array: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> Result) -> Result {
    guard let array else { return body(nil) }
    return array.withUnsafeBytes { body($0) }
}
