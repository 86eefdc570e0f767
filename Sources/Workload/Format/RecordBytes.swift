import PGWire

/// Raw bytes that a record stores as a `bytes` field (length-prefixed, as they are): parameter values and
/// COPY data, owned or borrowed from a message.
protocol RecordBytes {
    func appendAsBytes(to buffer: inout WorkloadOutputBuffer)
}

extension Array: RecordBytes where Element == UInt8 {
    func appendAsBytes(to buffer: inout WorkloadOutputBuffer) {
        buffer.appendBytes(self)
    }
}

extension BorrowedBytes: RecordBytes {
    func appendAsBytes(to buffer: inout WorkloadOutputBuffer) {
        buffer.appendCount(count)
        buffer.appendRaw(self.buffer)
    }
}
