/// Bytes of a workload file read ahead for one reader (a replay session): the records of that session
/// that lie in it are decoded from memory, without another `pread`. Filled by `WorkloadRequestFile`.
package struct WorkloadReadWindow {
    /// The buffer; only the first `count` bytes hold file data.
    var bytes: [UInt8] = []
    /// File offset of `bytes[0]`.
    var start: UInt64 = 0
    var count = 0

    package init() {}

    /// Whether the whole record that starts at file offset `offset` is in the window (no read needed).
    package func holdsRecord(startingAt offset: UInt64) -> Bool {
        guard let position = position(of: offset) else { return false }
        return holdsRecord(at: position)
    }

    /// Where the byte at file offset `offset` is in the window, if it is.
    func position(of offset: UInt64) -> Int? {
        guard offset >= start, offset - start < UInt64(count) else { return nil }
        return Int(offset - start)
    }

    /// Whether the whole record starting at `position` (header, payload and CRC) is in the window.
    func holdsRecord(at position: Int) -> Bool {
        guard count - position >= 5 else { return false }
        return recordLength(at: position) <= count - position - WorkloadFormat.recordOverhead
    }

    /// The payload length in the header of the record at `position` (which holds at least 5 bytes).
    func recordLength(at position: Int) -> Int {
        Int(UInt32(bytes[position + 1]) | UInt32(bytes[position + 2]) << 8 | UInt32(bytes[position + 3]) << 16
            | UInt32(bytes[position + 4]) << 24)
    }
}
