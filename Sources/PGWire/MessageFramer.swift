/// Frames typed protocol v3 messages (1-byte type letter, Int32 length including itself, body)
/// and checks each header against the protocol before any body byte is trusted.
///
/// Pure and stateless: it looks at borrowed bytes and says where the next message is, that more
/// bytes are needed, or why the bytes cannot be a message. `ConnectionDecoder` uses it both
/// in sync and to prove a boundary when resynchronising.
public struct MessageFramer: Sendable, Hashable {
    /// Largest length accepted for messages that carry data (query text, rows, COPY data):
    /// the server's own limit (1 GiB - 1) for a single message.
    @inlinable public static var maximumDataMessageLength: Int { (1 << 30) - 1 }

    /// The result of looking for a message at some offset.
    public enum Frame: Sendable, Hashable {
        /// A whole message: its type letter and the range of its body in the examined buffer.
        case complete(typeLetter: UInt8, body: Range<Int>)
        /// The header is valid (or not yet complete) but the message continues past the buffer.
        /// `frameLength` is the total size (type byte + length field + body) once the header is known.
        case needsMoreBytes(frameLength: Int?)
        /// These bytes cannot start a message; the reason names the letter and the length.
        case invalid(reason: String)
    }

    /// Whose messages this framer reads: the valid type letters differ per direction.
    public let sender: Sender

    public init(sender: Sender) {
        self.sender = sender
    }

    /// Looks for a message starting at `offset` in `buffer`.
    @inlinable @inline(__always)
    public func frame(_ buffer: UnsafeRawBufferPointer, at offset: Int) -> Frame {
        let available = buffer.count - offset
        guard available >= 1 else { return .needsMoreBytes(frameLength: nil) }
        let letter = buffer[offset]
        guard let limits = MessageFramer.lengthLimits(typeLetter: letter, sender: sender) else {
            return .invalid(reason: "unknown \(sender) message type \(MessageFramer.describe(letter: letter))")
        }
        guard available >= 5 else { return .needsMoreBytes(frameLength: nil) }
        let length = Int(ByteReader.uint32(buffer, at: offset + 1))
        guard limits.contains(length) else {
            return .invalid(reason: "invalid message length \(length) for type \(MessageFramer.describe(letter: letter))")
        }
        guard available > length else { return .needsMoreBytes(frameLength: length + 1) }
        return .complete(typeLetter: letter, body: (offset + 5)..<(offset + 1 + length))
    }

    /// Decodes a framed body into the event for this direction.
    @inlinable @inline(__always)
    public func decode(typeLetter: UInt8, body: UnsafeRawBufferPointer) throws(PGWireError) -> BorrowedWireEvent {
        switch sender {
        case .frontend: .frontend(try BorrowedFrontendMessage(typeLetter: typeLetter, body: body))
        case .backend: .backend(try BorrowedBackendMessage(typeLetter: typeLetter, body: body))
        }
    }

    /// The lengths (including the length field itself) the protocol allows for a type letter,
    /// or `nil` when the letter is not a message type of that direction.
    ///
    /// Fixed-size messages get their exact size; control messages get the limits the server
    /// (frontend side) or libpq (backend side: 30000 bytes for non-data messages) enforce;
    /// data-carrying messages get `maximumDataMessageLength`. Inlined into framing, the switch is a
    /// jump table: cheaper than a lazily built table, which costs a `swift_once` check per message.
    @inlinable
    public static func lengthLimits(typeLetter: UInt8, sender: Sender) -> ClosedRange<Int>? {
        let data = maximumDataMessageLength
        switch sender {
        case .frontend:
            switch typeLetter {
            case UInt8(ascii: "Q"): return 5...data
            case UInt8(ascii: "P"): return 8...data
            case UInt8(ascii: "B"): return 12...data
            case UInt8(ascii: "E"): return 9...10_000
            case UInt8(ascii: "D"), UInt8(ascii: "C"): return 6...10_000
            case UInt8(ascii: "S"), UInt8(ascii: "H"), UInt8(ascii: "c"), UInt8(ascii: "X"): return 4...4
            case UInt8(ascii: "F"): return 14...data
            case UInt8(ascii: "d"): return 4...data
            case UInt8(ascii: "f"): return 5...data
            case UInt8(ascii: "p"): return 4...100_000
            default: return nil
            }
        case .backend:
            switch typeLetter {
            case UInt8(ascii: "D"), UInt8(ascii: "T"): return 6...data
            case UInt8(ascii: "C"): return 5...30_000
            case UInt8(ascii: "Z"): return 5...5
            case UInt8(ascii: "1"), UInt8(ascii: "2"), UInt8(ascii: "3"), UInt8(ascii: "n"),
                 UInt8(ascii: "s"), UInt8(ascii: "I"), UInt8(ascii: "c"): return 4...4
            case UInt8(ascii: "E"), UInt8(ascii: "N"): return 5...data
            case UInt8(ascii: "R"): return 8...100_000
            case UInt8(ascii: "K"): return 12...264
            case UInt8(ascii: "S"): return 6...30_000
            case UInt8(ascii: "t"): return 6...(6 + 4 * Int(Int16.max))
            case UInt8(ascii: "G"), UInt8(ascii: "H"), UInt8(ascii: "W"): return 7...(7 + 2 * Int(Int16.max))
            case UInt8(ascii: "d"): return 4...data
            case UInt8(ascii: "A"): return 10...data
            case UInt8(ascii: "V"): return 8...data
            case UInt8(ascii: "v"): return 12...30_000
            default: return nil
            }
        }
    }

    /// A type byte for messages: 'Q' when printable ASCII, otherwise 0x17.
    public static func describe(letter: UInt8) -> String {
        if letter >= 0x21 && letter <= 0x7E && letter != UInt8(ascii: "'") {
            return "'" + String(UnicodeScalar(letter)) + "'"
        }
        let hex = String(letter, radix: 16, uppercase: true)
        return letter < 16 ? "0x0" + hex : "0x" + hex
    }
}
