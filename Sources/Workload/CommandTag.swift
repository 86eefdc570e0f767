/// What a CommandComplete tag says, read the way the server writes it. Both the recorder (production's
/// rows) and replay (the target's) count rows with it, so the two always agree on what a tag means.
public enum CommandTag {
    /// The row count a command tag reports ("INSERT 0 5" → 5, "SELECT 3" → 3, "BEGIN" → 0): the number
    /// after the last space, or 0 when there is none, it is not all digits, or it overflows.
    @inlinable
    public static func rowCount(fromTag tag: UnsafeRawBufferPointer) -> UInt64 {
        var start = tag.count
        while start > 0, tag[start - 1] != UInt8(ascii: " ") { start -= 1 }
        guard start > 0 else { return 0 }
        var value: UInt64 = 0
        for byte in tag[start...] {
            guard byte >= 48, byte <= 57 else { return 0 }
            let (product, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = product.addingReportingOverflow(UInt64(byte - 48))
            if overflow1 || overflow2 { return 0 }
            value = sum
        }
        return value
    }

    /// The row count a command tag reports (see `rowCount(fromTag:)` for bytes).
    @inlinable
    public static func rowCount(fromTag tag: String) -> UInt64 {
        if let count = tag.utf8.withContiguousStorageIfAvailable({ rowCount(fromTag: UnsafeRawBufferPointer($0)) }) {
            return count
        }
        var native = tag  // a bridged or lazily decoded string
        return native.withUTF8 { rowCount(fromTag: UnsafeRawBufferPointer($0)) }
    }
}
