import PGWire

/// Text that a record stores as a `string` field (length-prefixed UTF-8): an owned `String`, or bytes
/// borrowed from a message, which are stored as they are when valid UTF-8 and repaired (U+FFFD) when not,
/// exactly as decoding them to a `String` would.
protocol RecordString {
    /// The most bytes `writeString(to:)` stores.
    var stringSizeBound: Int { get }
    func writeString(to writer: inout RecordFieldWriter)
}

extension String: RecordString {
    var stringSizeBound: Int { 10 + utf8.count }

    @inline(__always)
    func writeString(to writer: inout RecordFieldWriter) {
        writer.string(self)
    }
}

extension BorrowedBytes: RecordString {
    /// A repaired invalid byte becomes U+FFFD, three bytes.
    var stringSizeBound: Int { 10 + 3 * count }

    @inline(__always)
    func writeString(to writer: inout RecordFieldWriter) {
        writer.utf8String(buffer)
    }
}
