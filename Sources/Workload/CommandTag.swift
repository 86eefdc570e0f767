/// What a CommandComplete tag says, read the way the server writes it.
public enum CommandTag {
    /// The row count a command tag reports ("INSERT 0 5" → 5, "SELECT 3" → 3, "BEGIN" → 0): the number
    /// after the last space, or 0 when there is none, it is not all digits, or it overflows.
    public static func rowCount(fromTag tag: UnsafeRawBufferPointer) -> UInt64 {
        guard let space = tag.lastIndex(of: UInt8(ascii: " ")) else { return 0 }
        var value: UInt64 = 0
        for byte in tag[(space + 1)...] {
            guard byte >= 48, byte <= 57 else { return 0 }
            let (product, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = product.addingReportingOverflow(UInt64(byte - 48))
            if overflow1 || overflow2 { return 0 }
            value = sum
        }
        return value
    }

    /// The row count a command tag reports (see `rowCount(fromTag:)` for bytes).
    public static func rowCount(fromTag tag: String) -> UInt64 {
        var tag = tag
        return tag.withUTF8 { rowCount(fromTag: UnsafeRawBufferPointer($0)) }
    }
}
