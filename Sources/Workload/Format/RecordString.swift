import PGWire

/// Text that a record stores as a `string` field (length-prefixed UTF-8): an owned `String`, or bytes
/// borrowed from a message, which are stored as they are when valid UTF-8 and repaired (U+FFFD) when not,
/// exactly as decoding them to a `String` would.
protocol RecordString {
    func appendAsString(to buffer: inout WorkloadOutputBuffer)
}

extension String: RecordString {
    func appendAsString(to buffer: inout WorkloadOutputBuffer) {
        buffer.appendString(self)
    }
}

extension BorrowedBytes: RecordString {
    func appendAsString(to buffer: inout WorkloadOutputBuffer) {
        buffer.appendUTF8String(buffer: self.buffer)
    }
}
