import PGWire

/// Raw bytes that a record stores as a `bytes` field (length-prefixed, as they are): parameter values and
/// COPY data, owned or borrowed from a message.
protocol RecordBytes {
    /// The most bytes `writeBytes(to:)` stores.
    var bytesSizeBound: Int { get }
    func writeBytes(to writer: inout RecordFieldWriter)
}

extension Array: RecordBytes where Element == UInt8 {
    var bytesSizeBound: Int { 10 + count }

    @inline(__always)
    func writeBytes(to writer: inout RecordFieldWriter) {
        withUnsafeBytes { writer.bytes($0) }
    }
}

extension BorrowedBytes: RecordBytes {
    var bytesSizeBound: Int { 10 + count }

    @inline(__always)
    func writeBytes(to writer: inout RecordFieldWriter) {
        writer.bytes(buffer)
    }
}
