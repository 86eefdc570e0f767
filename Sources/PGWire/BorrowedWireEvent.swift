/// Everything a `ConnectionDecoder` reports while it reads one connection, with messages borrowed from
/// its input: valid only during the callback that receives it (`WireEvent(_:)` makes an owned copy).
///
/// Besides decoded messages, the decoder reports what it could NOT decode (encryption, skipped
/// bytes, a stop, leftovers) so that a consumer never mistakes a partial view for a complete one.
public enum BorrowedWireEvent {
    /// A complete message sent by the client.
    case frontend(BorrowedFrontendMessage)
    /// A complete message sent by the server.
    case backend(BorrowedBackendMessage)
    /// The server accepted SSLRequest ('S') or GSSENCRequest ('G'): the rest of the session is
    /// encrypted and not decodable. Decoding stops after this event.
    case encrypted(EncryptionKind)
    /// A direction found a provable message boundary after a midstream start or a capture gap.
    /// `skippedBytes` bytes before it were discarded undecoded (0 when the data began on a boundary).
    case resynchronized(Sender, skippedBytes: Int)
    /// Decoding of this session ended (malformed or absurd length, unknown type letter, a field
    /// that does not parse, ...). The reason is one human-readable line (UTF-8). No events follow.
    case stopped(Sender, reason: BorrowedBytes)
    /// At `finish()`: bytes left in a direction that never formed a complete (or provable) message.
    case incomplete(Sender, bytes: Int)
}
