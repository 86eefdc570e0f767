/// What a request produced in production: the reference replay is compared against.
public struct Outcome: Sendable, Equatable {
    /// One CommandComplete tag per completed statement, for example `["BEGIN", "INSERT 0 1"]`.
    public var commandTags: [String]
    /// Rows affected or returned, as the recorder defines it.
    public var rows: UInt64
    /// DataRow messages seen.
    public var dataRows: UInt64
    /// The ErrorResponse, if the request failed.
    public var error: ErrorInfo?
    /// Transaction status byte (`I`, `T` or `E`) of the ReadyForQuery that ended the request; nil if none was seen.
    public var transactionStatus: UInt8?
    /// NoticeResponse messages seen.
    public var notices: UInt32
    /// The server answered EmptyQueryResponse.
    public var emptyQuery: Bool
    /// The server answered PortalSuspended (the row limit was reached).
    public var suspended: Bool

    public init(
        commandTags: [String] = [],
        rows: UInt64 = 0,
        dataRows: UInt64 = 0,
        error: ErrorInfo? = nil,
        transactionStatus: UInt8? = nil,
        notices: UInt32 = 0,
        emptyQuery: Bool = false,
        suspended: Bool = false
    ) {
        self.commandTags = commandTags
        self.rows = rows
        self.dataRows = dataRows
        self.error = error
        self.transactionStatus = transactionStatus
        self.notices = notices
        self.emptyQuery = emptyQuery
        self.suspended = suspended
    }
}
