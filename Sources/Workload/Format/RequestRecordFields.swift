/// A request's fields as the request record stores them (docs/workload-format.md), so that one encoder
/// writes both owned `Request` values and the recorder's borrowed ones (`BorrowedRequest`), each without
/// converting to the other. The outcome's fields are flattened with an `outcome` prefix.
protocol RequestRecordFields {
    associatedtype Text: RecordString
    associatedtype Value: RecordBytes
    associatedtype ParameterTypeOIDs: Collection<UInt32>
    associatedtype FormatCodes: Collection<Int16>
    associatedtype ParameterValues: Collection<Value?>
    associatedtype CommandTags: Collection<Text>
    associatedtype ErrorFieldList: Collection<(code: UInt8, value: Text)>

    var session: UInt32 { get }
    var sequence: UInt32 { get }
    var kind: RequestKind { get }
    var flags: RequestFlags { get }
    var sentAt: Int64 { get }
    var firstReplyAt: Int64? { get }
    var completedAt: Int64? { get }
    var text: Text? { get }
    var statementName: Text { get }
    var portalName: Text { get }
    var functionOID: UInt32? { get }
    var parameterTypeOIDs: ParameterTypeOIDs { get }
    var parameterFormats: FormatCodes { get }
    var parameters: ParameterValues { get }
    var resultFormats: FormatCodes { get }
    var rowLimit: Int32 { get }
    var copyData: Value? { get }
    var copyFail: Text? { get }
    var outcomeCommandTags: CommandTags { get }
    var outcomeRows: UInt64 { get }
    var outcomeDataRows: UInt64 { get }
    var outcomeError: ErrorFieldList? { get }
    var outcomeTransactionStatus: UInt8? { get }
    var outcomeNotices: UInt32 { get }
    var outcomeEmptyQuery: Bool { get }
    var outcomeSuspended: Bool { get }
    /// The most bytes the request's payload takes (see the default in `RecordFieldWriter+Requests.swift`).
    var encodedSizeBound: Int { get }
}

extension Request: RequestRecordFields {
    var outcomeCommandTags: [String] { outcome.commandTags }
    var outcomeRows: UInt64 { outcome.rows }
    var outcomeDataRows: UInt64 { outcome.dataRows }
    var outcomeError: LazyMapCollection<[ErrorField], (code: UInt8, value: String)>? {
        outcome.error.map { $0.fields.lazy.map { (code: $0.code, value: $0.value) } }
    }
    var outcomeTransactionStatus: UInt8? { outcome.transactionStatus }
    var outcomeNotices: UInt32 { outcome.notices }
    var outcomeEmptyQuery: Bool { outcome.emptyQuery }
    var outcomeSuspended: Bool { outcome.suspended }
}
