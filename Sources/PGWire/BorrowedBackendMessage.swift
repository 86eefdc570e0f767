/// A complete message sent by the server, its fields borrowed from the decoder's input.
///
/// This is what the decoder hands out: decoding it allocates nothing. Valid only during the callback that
/// receives it; `BackendMessage(_:)` makes an owned copy. DataRow values and CopyData contents are only
/// counted. Authentication secrets (MD5 salt, SASL data) and the cancellation secret key are never kept.
public enum BorrowedBackendMessage {
    /// The one-byte answer to SSLRequest: 'S' accepted, 'N' refused.
    case sslResponse(accepted: Bool)
    /// The one-byte answer to GSSENCRequest: 'G' accepted, 'N' refused.
    case gssResponse(accepted: Bool)
    case authentication(BorrowedAuthenticationRequest)
    case backendKeyData(processID: Int32)
    case parameterStatus(name: BorrowedBytes, value: BorrowedBytes)
    case readyForQuery(TransactionStatus)
    case rowDescription(BorrowedRowDescription)
    case dataRow(columnCount: Int)
    case commandComplete(tag: BorrowedBytes)
    case emptyQueryResponse
    case errorResponse(BorrowedErrorFields)
    case noticeResponse(BorrowedErrorFields)
    case parseComplete
    case bindComplete
    case closeComplete
    case parameterDescription(BigEndianIntegers<UInt32>)
    case noData
    case portalSuspended
    case copyInResponse(BorrowedCopyResponse)
    case copyOutResponse(BorrowedCopyResponse)
    case copyBothResponse(BorrowedCopyResponse)
    case copyData(byteCount: Int)
    case copyDone
    case notificationResponse(processID: Int32, channel: BorrowedBytes, payload: BorrowedBytes)
    /// The function's result, nil for SQL NULL.
    case functionCallResponse(BorrowedBytes?)
    case negotiateProtocolVersion(newestMinor: Int32, unrecognizedOptions: BorrowedCStrings)

    /// Decodes the body (after the type byte and the Int32 length) of a typed message.
    /// The body must be consumed exactly: missing or trailing bytes throw.
    @inlinable @inline(__always)
    public init(typeLetter: UInt8, body: UnsafeRawBufferPointer) throws(PGWireError) {
        var reader = ByteReader(body)
        switch typeLetter {
        case UInt8(ascii: "D"):
            let count = try reader.readCount16(minimumItemSize: 4, field: "DataRow column")
            for _ in 0..<count { try reader.skipNullableBytes() }
            try reader.expectEnd(of: "DataRow")
            self = .dataRow(columnCount: count)
        case UInt8(ascii: "C"):
            let tag = try reader.readCStringBytes()
            try reader.expectEnd(of: "CommandComplete")
            self = .commandComplete(tag: tag)
        case UInt8(ascii: "Z"):
            let byte = try reader.readUInt8()
            guard let status = TransactionStatus(rawValue: byte) else {
                throw PGWireError("invalid ReadyForQuery transaction status byte \(byte)")
            }
            try reader.expectEnd(of: "ReadyForQuery")
            self = .readyForQuery(status)
        case UInt8(ascii: "T"):
            self = .rowDescription(try BorrowedRowDescription(reading: &reader))
        case UInt8(ascii: "1"), UInt8(ascii: "2"), UInt8(ascii: "3"), UInt8(ascii: "n"),
             UInt8(ascii: "s"), UInt8(ascii: "I"), UInt8(ascii: "c"):
            try reader.expectEnd(of: "a fixed-size message")
            switch typeLetter {
            case UInt8(ascii: "1"): self = .parseComplete
            case UInt8(ascii: "2"): self = .bindComplete
            case UInt8(ascii: "3"): self = .closeComplete
            case UInt8(ascii: "n"): self = .noData
            case UInt8(ascii: "s"): self = .portalSuspended
            case UInt8(ascii: "I"): self = .emptyQueryResponse
            default: self = .copyDone
            }
        case UInt8(ascii: "E"):
            self = .errorResponse(try BorrowedErrorFields(reading: &reader))
        case UInt8(ascii: "N"):
            self = .noticeResponse(try BorrowedErrorFields(reading: &reader))
        case UInt8(ascii: "R"):
            self = .authentication(try BorrowedAuthenticationRequest(reading: &reader))
        case UInt8(ascii: "K"):
            let processID = try reader.readInt32()
            // The secret key (4 bytes, up to 256 in protocol 3.2) is skipped, never kept.
            guard reader.remaining >= 4 else { throw PGWireError("BackendKeyData without a secret key") }
            self = .backendKeyData(processID: processID)
        case UInt8(ascii: "S"):
            let name = try reader.readCStringBytes()
            let value = try reader.readCStringBytes()
            try reader.expectEnd(of: "ParameterStatus")
            self = .parameterStatus(name: name, value: value)
        case UInt8(ascii: "t"):
            let oids = try reader.readOIDs(field: "parameter type")
            try reader.expectEnd(of: "ParameterDescription")
            self = .parameterDescription(oids)
        case UInt8(ascii: "G"):
            self = .copyInResponse(try BorrowedCopyResponse(reading: &reader))
        case UInt8(ascii: "H"):
            self = .copyOutResponse(try BorrowedCopyResponse(reading: &reader))
        case UInt8(ascii: "W"):
            self = .copyBothResponse(try BorrowedCopyResponse(reading: &reader))
        case UInt8(ascii: "d"):
            self = .copyData(byteCount: body.count)
        case UInt8(ascii: "A"):
            let processID = try reader.readInt32()
            let channel = try reader.readCStringBytes()
            let payload = try reader.readCStringBytes()
            try reader.expectEnd(of: "NotificationResponse")
            self = .notificationResponse(processID: processID, channel: channel, payload: payload)
        case UInt8(ascii: "V"):
            let value = try reader.readBorrowedNullableBytes()
            try reader.expectEnd(of: "FunctionCallResponse")
            self = .functionCallResponse(value)
        case UInt8(ascii: "v"):
            let newestMinor = try reader.readInt32()
            let count = try reader.readInt32()
            guard count >= 0, Int(count) <= reader.remaining else {
                throw PGWireError("NegotiateProtocolVersion option count \(count) does not fit in the message body")
            }
            let options = try BorrowedCStrings.read(&reader, count: Int(count))
            try reader.expectEnd(of: "NegotiateProtocolVersion")
            self = .negotiateProtocolVersion(newestMinor: newestMinor, unrecognizedOptions: options)
        default:
            throw PGWireError("unknown backend message type \(MessageFramer.describe(letter: typeLetter))")
        }
    }

    /// The protocol's type byte; nil for the untyped one-byte answers of the startup phase. Counting uses
    /// it: a byte is cheaper to tally than a string.
    @inlinable
    public var typeByte: UInt8? {
        switch self {
        case .authentication: UInt8(ascii: "R")
        case .backendKeyData: UInt8(ascii: "K")
        case .parameterStatus: UInt8(ascii: "S")
        case .readyForQuery: UInt8(ascii: "Z")
        case .rowDescription: UInt8(ascii: "T")
        case .dataRow: UInt8(ascii: "D")
        case .commandComplete: UInt8(ascii: "C")
        case .emptyQueryResponse: UInt8(ascii: "I")
        case .errorResponse: UInt8(ascii: "E")
        case .noticeResponse: UInt8(ascii: "N")
        case .parseComplete: UInt8(ascii: "1")
        case .bindComplete: UInt8(ascii: "2")
        case .closeComplete: UInt8(ascii: "3")
        case .parameterDescription: UInt8(ascii: "t")
        case .noData: UInt8(ascii: "n")
        case .portalSuspended: UInt8(ascii: "s")
        case .copyInResponse: UInt8(ascii: "G")
        case .copyOutResponse: UInt8(ascii: "H")
        case .copyBothResponse: UInt8(ascii: "W")
        case .copyData: UInt8(ascii: "d")
        case .copyDone: UInt8(ascii: "c")
        case .notificationResponse: UInt8(ascii: "A")
        case .functionCallResponse: UInt8(ascii: "V")
        case .negotiateProtocolVersion: UInt8(ascii: "v")
        case .sslResponse, .gssResponse: nil
        }
    }

    /// The key used to count messages: the protocol's type letter ("R", "Z", "1", ...), or
    /// "SSLResponse"/"GSSResponse" for the untyped one-byte answers.
    public var typeLetter: String {
        switch self {
        case .sslResponse: "SSLResponse"
        case .gssResponse: "GSSResponse"
        default: typeByte.map { String(UnicodeScalar($0)) } ?? "?"
        }
    }
}
