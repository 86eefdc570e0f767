import PGWire

/// The fingerprints of the last few statement texts, found by the text's bytes: prepared statements send
/// the very same text again and again, and hashing and comparing it is far cheaper than scanning it for
/// the fingerprinter's shape cache.
///
/// A miss returns nil; the caller fingerprints the text and `insert`s the answer. Lookups compare a hash
/// first, so most misses never touch the stored bytes.
struct TextFingerprintCache {
    private struct Entry {
        var hash: UInt64
        var fingerprint: UInt64?
        let text = ByteStorage(capacity: 128)
    }

    private var entries: [Entry] = []
    private var next = 0

    private static var capacity: Int { 16 }

    /// The fingerprint cached for `text` (which may be nil: a text that does not parse), or nil on a miss.
    mutating func fingerprint(of text: BorrowedBytes) -> UInt64?? {
        let hash = Self.hash(text.buffer)
        for index in entries.indices where entries[index].hash == hash {
            if text.elementsEqual(entries[index].text.bytes) { return .some(entries[index].fingerprint) }
        }
        return nil
    }

    /// Remembers `fingerprint` for `text`, replacing the oldest entry when full.
    mutating func insert(_ text: BorrowedBytes, fingerprint: UInt64?) {
        let hash = Self.hash(text.buffer)
        if entries.count < Self.capacity {
            entries.append(Entry(hash: hash, fingerprint: fingerprint))
            entries[entries.count - 1].text.append(text.buffer)
            return
        }
        entries[next].hash = hash
        entries[next].fingerprint = fingerprint
        entries[next].text.removeAll(keepingAtMost: ClientFields.retainedCapacity)
        entries[next].text.append(text.buffer)
        next = (next + 1) % Self.capacity
    }

    /// A cheap hash of the bytes to tell a handful of texts apart before comparing them: the length and three
    /// words (the first, the middle and the last eight bytes). Texts that share those collide, and the
    /// comparison sorts them out.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        var hash = UInt64(count) &* 0x9E37_79B9_7F4A_7C15
        if count >= 8 {
            hash ^= bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self) &* 0xC2B2_AE3D_27D4_EB4F
            hash ^= bytes.loadUnaligned(fromByteOffset: (count - 8) / 2, as: UInt64.self) &* 0x1656_67B1_9E37_79F9
            hash ^= bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) &* 0x27D4_EB2F_1656_67C5
        } else {
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        }
        return hash ^ (hash >> 29)
    }
}
