#if canImport(Glibc)
import Glibc
#endif
import Workload

/// Statement texts, statement names and command tags of the workload (and the command tags libpq
/// reports), decoded once per replay thread:
/// a string field that is byte for byte one seen before shares that String instead of being decoded
/// and validated again (a workload repeats a few texts millions of times). A direct-mapped table of
/// 1,024 strings, found by a cheap hash of the length and three words of the bytes and confirmed by
/// comparing them: a miss (or two hot strings on one slot) only costs the decoding it saves otherwise,
/// and memory stays bounded whatever the workload holds.
struct TextInterner {
    private var slots: [String?] = Array(repeating: nil, count: TextInterner.slotCount)
    static let slotCount = 1024

    init() {}

    /// The length-prefixed UTF-8 field at the cursor, as a String; invalid UTF-8 is reported, never repaired.
    mutating func string(_ cursor: inout WorkloadPayloadCursor, _ field: StaticString) throws(WorkloadPayloadError) -> String {
        try string(try cursor.rawBytes(field), field)
    }

    private mutating func string(_ utf8: UnsafeRawBufferPointer, _ field: StaticString) throws(WorkloadPayloadError) -> String {
        guard !utf8.isEmpty else { return "" }
        let slot = Self.slot(of: utf8)
        if let known = slots[slot], Self.equal(known, utf8) { return known }
        // New, or another string on this slot: known valid once decoded.
        let value = try WorkloadPayloadCursor.validatedString(utf8, field)
        slots[slot] = value
        return value
    }

    /// Decodes the string field at the cursor into `value`, which holds that field's previous text:
    /// left alone when the bytes are the same (a session repeats its texts, and gets its pooled request
    /// back for the next one), so the common case costs one comparison and no reference counting.
    mutating func update(_ value: inout String, _ cursor: inout WorkloadPayloadCursor, _ field: StaticString) throws(WorkloadPayloadError) {
        let utf8 = try cursor.rawBytes(field)
        if Self.equal(value, utf8) { return }
        value = try string(utf8, field)
    }

    /// `update` for an optional field whose presence byte said it is present.
    mutating func update(_ value: inout String?, _ cursor: inout WorkloadPayloadCursor, _ field: StaticString) throws(WorkloadPayloadError) {
        let utf8 = try cursor.rawBytes(field)
        if let known = value, Self.equal(known, utf8) { return }
        value = try string(utf8, field)
    }

    /// `utf8` as a String, invalid UTF-8 repaired as `String(cString:)` repairs it: for texts libpq
    /// hands over, such as command tags. A repaired string never equals its bytes, so it is never reused.
    mutating func string(repairing utf8: UnsafeRawBufferPointer) -> String {
        guard !utf8.isEmpty else { return "" }
        let slot = Self.slot(of: utf8)
        if let known = slots[slot], Self.equal(known, utf8) { return known }
        let value = utf8.withMemoryRebound(to: UInt8.self) { String(decoding: $0, as: UTF8.self) }
        slots[slot] = value
        return value
    }

    /// A slot from the length and the first, middle and last eight bytes (all bytes below eight).
    @inline(__always)
    static func slot(of bytes: UnsafeRawBufferPointer) -> Int {
        let count = bytes.count
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash = UInt64(count) &* multiplier
        if count >= 8 {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)) &* multiplier
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: count / 2 - 4, as: UInt64.self)) &* multiplier
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) &* multiplier
        } else {
            var word: UInt64 = 0
            for index in 0..<count { word |= UInt64(bytes[index]) << (8 * UInt64(index)) }
            hash = (hash ^ word) &* multiplier
        }
        return Int(truncatingIfNeeded: hash >> 54)  // the top 10 bits: 0..<1024
    }

    private static func equal(_ string: String, _ utf8: UnsafeRawBufferPointer) -> Bool {
        string.utf8.withContiguousStorageIfAvailable { stored in
            stored.count == utf8.count && (stored.isEmpty || memcmp(stored.baseAddress!, utf8.baseAddress!, stored.count) == 0)
        } ?? false
    }
}
