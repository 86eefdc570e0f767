/// One request a client sent in production, everything replay needs to resend it, and the outcome
/// production gave it. Timestamps are nanoseconds since the Unix epoch.
public struct Request: Sendable, Equatable {
    public var session: UInt32
    /// 1-based position of the request within its session.
    public var sequence: UInt32
    public var kind: RequestKind
    /// When the client's message (the first of its Parse/Bind/Execute group) was seen.
    public var sentAt: Int64
    /// When the first server reply to the request was seen; nil if not seen in the capture.
    public var firstReplyAt: Int64?
    /// When the request completed (CommandComplete, ErrorResponse, ...); nil if not seen in the capture.
    public var completedAt: Int64?
    /// Statement text; nil when the Bind named a statement prepared before the capture started.
    public var text: String?
    /// Prepared statement name ("" = unnamed).
    public var statementName: String
    /// Portal name ("" = unnamed).
    public var portalName: String
    /// OID of the function a FunctionCall request called; nil for other kinds.
    public var functionOID: UInt32?
    /// Parameter type OIDs from the Parse (0 = let the server infer).
    public var parameterTypeOIDs: [UInt32]
    /// Parameter format codes from the Bind (0 text, 1 binary), as sent.
    public var parameterFormats: [Int16]
    /// Parameter values from the Bind; nil is SQL NULL.
    public var parameters: [[UInt8]?]
    /// Result column format codes from the Bind, as sent.
    public var resultFormats: [Int16]
    /// Execute row limit (0 = all rows).
    public var rowLimit: Int32
    /// COPY FROM STDIN data the client sent, concatenated.
    public var copyData: [UInt8]?
    /// The message of a CopyFail the client sent.
    public var copyFail: String?
    /// libpg_query fingerprint of `text`; nil without text or when it does not parse.
    public var fingerprint: UInt64?
    public var outcome: Outcome
    public var flags: RequestFlags

    public init(
        session: UInt32,
        sequence: UInt32,
        kind: RequestKind,
        sentAt: Int64,
        firstReplyAt: Int64? = nil,
        completedAt: Int64? = nil,
        text: String? = nil,
        statementName: String = "",
        portalName: String = "",
        functionOID: UInt32? = nil,
        parameterTypeOIDs: [UInt32] = [],
        parameterFormats: [Int16] = [],
        parameters: [[UInt8]?] = [],
        resultFormats: [Int16] = [],
        rowLimit: Int32 = 0,
        copyData: [UInt8]? = nil,
        copyFail: String? = nil,
        fingerprint: UInt64? = nil,
        outcome: Outcome = Outcome(),
        flags: RequestFlags = []
    ) {
        self.session = session
        self.sequence = sequence
        self.kind = kind
        self.sentAt = sentAt
        self.firstReplyAt = firstReplyAt
        self.completedAt = completedAt
        self.text = text
        self.statementName = statementName
        self.portalName = portalName
        self.functionOID = functionOID
        self.parameterTypeOIDs = parameterTypeOIDs
        self.parameterFormats = parameterFormats
        self.parameters = parameters
        self.resultFormats = resultFormats
        self.rowLimit = rowLimit
        self.copyData = copyData
        self.copyFail = copyFail
        self.fingerprint = fingerprint
        self.outcome = outcome
        self.flags = flags
    }
}
