/// A complete message sent by the client, its fields borrowed from the decoder's input.
///
/// This is what the decoder hands out: decoding it allocates nothing, so an import costs what the bytes
/// cost. Valid only during the callback that receives it; `FrontendMessage(_:)` makes an owned copy.
/// Secrets are never kept: any 'p' message
/// (password, SASL, GSS) becomes `.password` with its body skipped, and a CancelRequest keeps only the
/// process ID, not the secret key.
public enum BorrowedFrontendMessage {
    case startup(BorrowedStartupMessage)
    case sslRequest
    case gssencRequest
    case cancelRequest(processID: Int32)
    case query(BorrowedBytes)
    case parse(BorrowedParse)
    case bind(BorrowedBind)
    case describe(kind: StatementOrPortal, name: BorrowedBytes)
    /// `maxRows` 0 means "no limit".
    case execute(portalName: BorrowedBytes, maxRows: Int32)
    case sync
    case flush
    case close(kind: StatementOrPortal, name: BorrowedBytes)
    case functionCall(BorrowedFunctionCall)
    case copyData(BorrowedBytes)
    case copyDone
    case copyFail(BorrowedBytes)
    case terminate
    /// PasswordMessage, SASLInitialResponse, SASLResponse or GSSResponse: contents deliberately dropped.
    case password

    /// Decodes the body (after the type byte and the Int32 length) of a typed message.
    /// The body must be consumed exactly: missing or trailing bytes throw.
    @inlinable @inline(__always)
    public init(typeLetter: UInt8, body: UnsafeRawBufferPointer) throws(PGWireError) {
        var reader = ByteReader(body)
        switch typeLetter {
        case UInt8(ascii: "Q"):
            let text = try reader.readCStringBytes()
            try reader.expectEnd(of: "Query")
            self = .query(text)
        case UInt8(ascii: "P"):
            self = .parse(try BorrowedParse(reading: &reader))
        case UInt8(ascii: "B"):
            self = .bind(try BorrowedBind(reading: &reader))
        case UInt8(ascii: "E"):
            let portal = try reader.readCStringBytes()
            let maxRows = try reader.readInt32()
            try reader.expectEnd(of: "Execute")
            self = .execute(portalName: portal, maxRows: maxRows)
        case UInt8(ascii: "D"), UInt8(ascii: "C"):
            let kind = try StatementOrPortal(wireByte: try reader.readUInt8())
            let name = try reader.readCStringBytes()
            try reader.expectEnd(of: typeLetter == UInt8(ascii: "D") ? "Describe" : "Close")
            self = typeLetter == UInt8(ascii: "D") ? .describe(kind: kind, name: name) : .close(kind: kind, name: name)
        case UInt8(ascii: "S"):
            try reader.expectEnd(of: "Sync")
            self = .sync
        case UInt8(ascii: "H"):
            try reader.expectEnd(of: "Flush")
            self = .flush
        case UInt8(ascii: "F"):
            self = .functionCall(try BorrowedFunctionCall(reading: &reader))
        case UInt8(ascii: "d"):
            self = .copyData(BorrowedBytes(body))
        case UInt8(ascii: "c"):
            try reader.expectEnd(of: "CopyDone")
            self = .copyDone
        case UInt8(ascii: "f"):
            let text = try reader.readCStringBytes()
            try reader.expectEnd(of: "CopyFail")
            self = .copyFail(text)
        case UInt8(ascii: "X"):
            try reader.expectEnd(of: "Terminate")
            self = .terminate
        case UInt8(ascii: "p"):
            self = .password
        default:
            throw PGWireError("unknown frontend message type \(MessageFramer.describe(letter: typeLetter))")
        }
    }

    /// Protocol codes of the untyped packets a client sends before (or instead of) a startup.
    enum UntypedCode {
        static let protocol3: Int32 = 3 << 16
        static let cancelRequest: Int32 = 80_877_102
        static let sslRequest: Int32 = 80_877_103
        static let gssencRequest: Int32 = 80_877_104
    }

    /// Decodes an untyped packet from the bytes after its Int32 length (version/request code first).
    public init(untypedPacket body: UnsafeRawBufferPointer) throws(PGWireError) {
        var reader = ByteReader(body)
        let code = try reader.readInt32()
        switch code {
        case UntypedCode.sslRequest:
            try reader.expectEnd(of: "SSLRequest")
            self = .sslRequest
        case UntypedCode.gssencRequest:
            try reader.expectEnd(of: "GSSENCRequest")
            self = .gssencRequest
        case UntypedCode.cancelRequest:
            let processID = try reader.readInt32()
            // The secret key (4 bytes, up to 256 in protocol 3.2) is skipped, never kept.
            guard reader.remaining >= 4 else { throw PGWireError("CancelRequest without a secret key") }
            self = .cancelRequest(processID: processID)
        default:
            let major = Int16(truncatingIfNeeded: code >> 16)
            let minor = Int16(truncatingIfNeeded: code & 0xFFFF)
            guard major == 3 else {
                throw PGWireError("unsupported protocol version \(major).\(minor) (or unknown request code \(code)) in startup packet")
            }
            self = .startup(try BorrowedStartupMessage(major: major, minor: minor, reading: &reader))
        }
    }

    /// The protocol's type byte; nil for the untyped packets of the startup phase. Counting uses it:
    /// a byte is cheaper to tally than a string.
    @inlinable
    public var typeByte: UInt8? {
        switch self {
        case .query: UInt8(ascii: "Q")
        case .parse: UInt8(ascii: "P")
        case .bind: UInt8(ascii: "B")
        case .describe: UInt8(ascii: "D")
        case .execute: UInt8(ascii: "E")
        case .sync: UInt8(ascii: "S")
        case .flush: UInt8(ascii: "H")
        case .close: UInt8(ascii: "C")
        case .functionCall: UInt8(ascii: "F")
        case .copyData: UInt8(ascii: "d")
        case .copyDone: UInt8(ascii: "c")
        case .copyFail: UInt8(ascii: "f")
        case .terminate: UInt8(ascii: "X")
        case .password: UInt8(ascii: "p")
        case .startup, .sslRequest, .gssencRequest, .cancelRequest: nil
        }
    }

    /// The key used to count messages: the protocol's type letter ("Q", "P", "p", ...), or for the
    /// untyped packets "startup", "SSLRequest", "GSSENCRequest", "CancelRequest".
    public var typeLetter: String {
        switch self {
        case .startup: "startup"
        case .sslRequest: "SSLRequest"
        case .gssencRequest: "GSSENCRequest"
        case .cancelRequest: "CancelRequest"
        default: typeByte.map { String(UnicodeScalar($0)) } ?? "?"
        }
    }
}
