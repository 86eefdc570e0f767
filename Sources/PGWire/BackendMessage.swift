/// A complete message sent by the server, with its fields copied into owned values: what a consumer keeps
/// after the callback that received the `BorrowedBackendMessage` is over (tests compare these).
///
/// DataRow values and CopyData contents are only counted, never copied. Authentication secrets (MD5
/// salt, SASL data) and the cancellation secret key are never kept.
public enum BackendMessage: Sendable, Equatable {
    /// The one-byte answer to SSLRequest: 'S' accepted, 'N' refused.
    case sslResponse(accepted: Bool)
    /// The one-byte answer to GSSENCRequest: 'G' accepted, 'N' refused.
    case gssResponse(accepted: Bool)
    case authentication(AuthenticationRequest)
    case backendKeyData(processID: Int32)
    case parameterStatus(name: String, value: String)
    case readyForQuery(TransactionStatus)
    case rowDescription([FieldDescription])
    case dataRow(columnCount: Int)
    case commandComplete(tag: String)
    case emptyQueryResponse
    case errorResponse(ErrorFields)
    case noticeResponse(ErrorFields)
    case parseComplete
    case bindComplete
    case closeComplete
    case parameterDescription([UInt32])
    case noData
    case portalSuspended
    case copyInResponse(CopyResponse)
    case copyOutResponse(CopyResponse)
    case copyBothResponse(CopyResponse)
    case copyData(byteCount: Int)
    case copyDone
    case notificationResponse(processID: Int32, channel: String, payload: String)
    /// The function's result, `nil` for SQL NULL.
    case functionCallResponse([UInt8]?)
    case negotiateProtocolVersion(newestMinor: Int32, unrecognizedOptions: [String])

    /// An owned copy of a borrowed message.
    public init(_ message: BorrowedBackendMessage) {
        switch message {
        case .sslResponse(let accepted): self = .sslResponse(accepted: accepted)
        case .gssResponse(let accepted): self = .gssResponse(accepted: accepted)
        case .authentication(let request): self = .authentication(AuthenticationRequest(request))
        case .backendKeyData(let processID): self = .backendKeyData(processID: processID)
        case .parameterStatus(let name, let value): self = .parameterStatus(name: name.string, value: value.string)
        case .readyForQuery(let status): self = .readyForQuery(status)
        case .rowDescription(let description): self = .rowDescription(description.fields)
        case .dataRow(let columnCount): self = .dataRow(columnCount: columnCount)
        case .commandComplete(let tag): self = .commandComplete(tag: tag.string)
        case .emptyQueryResponse: self = .emptyQueryResponse
        case .errorResponse(let fields): self = .errorResponse(ErrorFields(fields))
        case .noticeResponse(let fields): self = .noticeResponse(ErrorFields(fields))
        case .parseComplete: self = .parseComplete
        case .bindComplete: self = .bindComplete
        case .closeComplete: self = .closeComplete
        case .parameterDescription(let oids): self = .parameterDescription(Array(oids))
        case .noData: self = .noData
        case .portalSuspended: self = .portalSuspended
        case .copyInResponse(let response): self = .copyInResponse(CopyResponse(response))
        case .copyOutResponse(let response): self = .copyOutResponse(CopyResponse(response))
        case .copyBothResponse(let response): self = .copyBothResponse(CopyResponse(response))
        case .copyData(let byteCount): self = .copyData(byteCount: byteCount)
        case .copyDone: self = .copyDone
        case .notificationResponse(let processID, let channel, let payload):
            self = .notificationResponse(processID: processID, channel: channel.string, payload: payload.string)
        case .functionCallResponse(let value): self = .functionCallResponse(value?.array)
        case .negotiateProtocolVersion(let newestMinor, let options):
            self = .negotiateProtocolVersion(newestMinor: newestMinor, unrecognizedOptions: options.map(\.string))
        }
    }

    /// Decodes the body (after the type byte and the Int32 length) of a typed message.
    /// The body must be consumed exactly: missing or trailing bytes throw.
    public init(typeLetter: UInt8, body: UnsafeRawBufferPointer) throws(PGWireError) {
        self.init(try BorrowedBackendMessage(typeLetter: typeLetter, body: body))
    }
}
