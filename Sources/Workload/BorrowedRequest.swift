import PGWire

/// A finished request as the assembler hands it out: its fields borrowed from the assembler's buffers,
/// in the form the record encoder reads (`RequestRecordFields`). Valid only during the callback that
/// receives it; `Request(_:)` makes an owned copy.
package struct BorrowedRequest {
    var session: UInt32
    var sequence: UInt32
    var kind: RequestKind
    var flags: RequestFlags
    var sentAt: Int64
    var firstReplyAt: Int64?
    var completedAt: Int64?
    var text: BorrowedBytes?
    var statementName: BorrowedBytes
    var portalName: BorrowedBytes
    var functionOID: UInt32?
    var parameterTypeOIDs: BigEndianIntegers<UInt32>
    var parameterFormats: BigEndianIntegers<Int16>
    var parameters: BorrowedValues
    var resultFormats: BigEndianIntegers<Int16>
    var rowLimit: Int32
    var copyData: BorrowedBytes?
    var copyFail: BorrowedBytes?
    var commandTags: BorrowedCStrings
    var rows: UInt64
    var dataRows: UInt64
    var error: BorrowedErrorFields?
    var transactionStatus: UInt8?
    var notices: UInt32
    var emptyQuery: Bool
    var suspended: Bool
    /// Every byte the fields are stored in (text, names, OIDs, formats, values, tags, error, COPY data).
    var storedByteCount: Int
}

extension BorrowedRequest: RequestRecordFields {
    var outcomeCommandTags: BorrowedCStrings { commandTags }
    var outcomeRows: UInt64 { rows }
    var outcomeDataRows: UInt64 { dataRows }
    var outcomeError: BorrowedErrorFields? { error }
    var outcomeTransactionStatus: UInt8? { transactionStatus }
    var outcomeNotices: UInt32 { notices }
    var outcomeEmptyQuery: Bool { emptyQuery }
    var outcomeSuspended: Bool { suspended }

    /// A bound that costs nothing to compute: no stored byte takes more than five in the record (a
    /// repaired invalid UTF-8 byte takes three, a NUL-ended tag's length prefix up to five), and the
    /// fixed fields and empty strings fit in the rest.
    var encodedSizeBound: Int { 256 + 5 * storedByteCount }
}

extension Request {
    /// An owned copy of a borrowed request, read back from exactly the bytes a workload file would hold
    /// for it (so tests of the assembler check the encoding too). The fingerprint is left out: the
    /// recorder computes it when it writes the request.
    init(_ request: BorrowedRequest) {
        var buffer = WorkloadOutputBuffer(capacity: 256)
        // Neither can fail: the record is far below the format's limit, and the decoder reads what the
        // encoder wrote (WorkloadRoundTripTests prove the two agree).
        try! buffer.appendRequestRecord(request, fingerprint: nil)
        let payload = UnsafeRawBufferPointer(rebasing: buffer.bytes[5..<(buffer.count - 4)])
        var cursor = WorkloadPayloadCursor(payload)
        self = try! cursor.request()
    }
}
