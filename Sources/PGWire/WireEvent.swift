/// A `BorrowedWireEvent` with its message copied into owned values, to keep after the callback.
public enum WireEvent: Sendable, Equatable {
    /// A complete message sent by the client.
    case frontend(FrontendMessage)
    /// A complete message sent by the server.
    case backend(BackendMessage)
    /// The server accepted SSLRequest or GSSENCRequest: the rest of the session is not decodable.
    case encrypted(EncryptionKind)
    /// A direction found a provable message boundary after skipping `skippedBytes` bytes.
    case resynchronized(Sender, skippedBytes: Int)
    /// Decoding of this session ended, for this one-line reason.
    case stopped(Sender, reason: String)
    /// At `finish()`: bytes left in a direction that never formed a complete (or provable) message.
    case incomplete(Sender, bytes: Int)

    /// An owned copy of a borrowed event.
    public init(_ event: BorrowedWireEvent) {
        switch event {
        case .frontend(let message): self = .frontend(FrontendMessage(message))
        case .backend(let message): self = .backend(BackendMessage(message))
        case .encrypted(let kind): self = .encrypted(kind)
        case .resynchronized(let sender, let skipped): self = .resynchronized(sender, skippedBytes: skipped)
        case .stopped(let sender, let reason): self = .stopped(sender, reason: reason.string)
        case .incomplete(let sender, let bytes): self = .incomplete(sender, bytes: bytes)
        }
    }
}
