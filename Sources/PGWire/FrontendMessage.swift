/// A complete message sent by the client, with its fields copied into owned values: what a consumer keeps
/// after the callback that received the `BorrowedFrontendMessage` is over (tests compare these).
///
/// Secrets are never kept: any 'p' message (password, SASL, GSS) becomes `.password` with its
/// body skipped, and a CancelRequest keeps only the process ID, not the secret key.
public enum FrontendMessage: Sendable, Equatable {
    case startup(StartupMessage)
    case sslRequest
    case gssencRequest
    case cancelRequest(processID: Int32)
    case query(String)
    case parse(Parse)
    case bind(Bind)
    case describe(kind: StatementOrPortal, name: String)
    /// `maxRows` 0 means "no limit".
    case execute(portalName: String, maxRows: Int32)
    case sync
    case flush
    case close(kind: StatementOrPortal, name: String)
    case functionCall(FunctionCall)
    case copyData([UInt8])
    case copyDone
    case copyFail(String)
    case terminate
    /// PasswordMessage, SASLInitialResponse, SASLResponse or GSSResponse: contents deliberately dropped.
    case password

    /// An owned copy of a borrowed message.
    public init(_ message: BorrowedFrontendMessage) {
        switch message {
        case .startup(let startup): self = .startup(StartupMessage(startup))
        case .sslRequest: self = .sslRequest
        case .gssencRequest: self = .gssencRequest
        case .cancelRequest(let processID): self = .cancelRequest(processID: processID)
        case .query(let text): self = .query(text.string)
        case .parse(let parse): self = .parse(Parse(parse))
        case .bind(let bind): self = .bind(Bind(bind))
        case .describe(let kind, let name): self = .describe(kind: kind, name: name.string)
        case .execute(let portalName, let maxRows): self = .execute(portalName: portalName.string, maxRows: maxRows)
        case .sync: self = .sync
        case .flush: self = .flush
        case .close(let kind, let name): self = .close(kind: kind, name: name.string)
        case .functionCall(let call): self = .functionCall(FunctionCall(call))
        case .copyData(let bytes): self = .copyData(bytes.array)
        case .copyDone: self = .copyDone
        case .copyFail(let text): self = .copyFail(text.string)
        case .terminate: self = .terminate
        case .password: self = .password
        }
    }

    /// Decodes the body (after the type byte and the Int32 length) of a typed message.
    /// The body must be consumed exactly: missing or trailing bytes throw.
    public init(typeLetter: UInt8, body: UnsafeRawBufferPointer) throws(PGWireError) {
        self.init(try BorrowedFrontendMessage(typeLetter: typeLetter, body: body))
    }
}
