/// XXH64 (xxHash, 64-bit, by Yann Collet): a fast hash that gives the same value on every machine and
/// in every process, unlike Swift's `Hasher`, which is seeded per process. Run files identify their
/// workload by it, and `ResultChecksum` hashes result values with it, so values written today can be
/// compared with values computed tomorrow.
///
/// Streaming: feed the bytes in pieces of any size with `update(_:)`; `value` is the XXH64 of all
/// bytes fed so far (reading it does not end the stream). Holds no heap memory.
public struct StableHash: Sendable {
    static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    private let seed: UInt64
    private var v1: UInt64
    private var v2: UInt64
    private var v3: UInt64
    private var v4: UInt64
    private var totalLength: UInt64 = 0
    /// Bytes of an incomplete 32-byte stripe, waiting for the next update.
    private var pending: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var pendingCount = 0

    /// A hash of nothing yet; `seed` selects an independent hash function (0 is the usual XXH64).
    public init(seed: UInt64 = 0) {
        self.seed = seed
        v1 = seed &+ Self.prime1 &+ Self.prime2
        v2 = seed &+ Self.prime2
        v3 = seed
        v4 = seed &- Self.prime1
    }

    /// Adds `bytes` to the hashed stream.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let baseAddress = bytes.baseAddress, !bytes.isEmpty else { return }
        totalLength &+= UInt64(bytes.count)
        var index = 0
        if pendingCount > 0 {
            let taken = min(32 - pendingCount, bytes.count)
            withUnsafeMutableBytes(of: &pending) { stripe in
                (stripe.baseAddress! + pendingCount).copyMemory(from: baseAddress, byteCount: taken)
            }
            pendingCount += taken
            index = taken
            guard pendingCount == 32 else { return }
            let stripe = pending
            v1 = Self.round(v1, UInt64(littleEndian: stripe.0))
            v2 = Self.round(v2, UInt64(littleEndian: stripe.1))
            v3 = Self.round(v3, UInt64(littleEndian: stripe.2))
            v4 = Self.round(v4, UInt64(littleEndian: stripe.3))
            pendingCount = 0
        }
        while bytes.count - index >= 32 {
            v1 = Self.round(v1, Self.load64(bytes, index))
            v2 = Self.round(v2, Self.load64(bytes, index + 8))
            v3 = Self.round(v3, Self.load64(bytes, index + 16))
            v4 = Self.round(v4, Self.load64(bytes, index + 24))
            index += 32
        }
        if index < bytes.count {
            let rest = bytes.count - index
            withUnsafeMutableBytes(of: &pending) { stripe in
                stripe.baseAddress!.copyMemory(from: baseAddress + index, byteCount: rest)
            }
            pendingCount = rest
        }
    }

    /// Adds the bytes of an array to the hashed stream.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// XXH64 of everything fed so far.
    public var value: UInt64 {
        var hash: UInt64
        if totalLength >= 32 {
            hash = Self.rotate(v1, 1) &+ Self.rotate(v2, 7) &+ Self.rotate(v3, 12) &+ Self.rotate(v4, 18)
            hash = Self.mergeRound(hash, v1)
            hash = Self.mergeRound(hash, v2)
            hash = Self.mergeRound(hash, v3)
            hash = Self.mergeRound(hash, v4)
        } else {
            hash = seed &+ Self.prime5
        }
        hash &+= totalLength
        var stripe = pending
        let count = pendingCount
        return withUnsafeBytes(of: &stripe) { tail in
            Self.finish(hash, UnsafeRawBufferPointer(rebasing: tail[0..<count]))
        }
    }

    /// XXH64 of `bytes` in one call (the same value as `update` then `value`, without the state).
    @inline(__always)
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let count = bytes.count
        var index = 0
        var hash: UInt64
        if count >= 32 {
            var v1 = seed &+ prime1 &+ prime2
            var v2 = seed &+ prime2
            var v3 = seed
            var v4 = seed &- prime1
            while count - index >= 32 {
                v1 = round(v1, load64(bytes, index))
                v2 = round(v2, load64(bytes, index + 8))
                v3 = round(v3, load64(bytes, index + 16))
                v4 = round(v4, load64(bytes, index + 24))
                index += 32
            }
            hash = rotate(v1, 1) &+ rotate(v2, 7) &+ rotate(v3, 12) &+ rotate(v4, 18)
            hash = mergeRound(hash, v1)
            hash = mergeRound(hash, v2)
            hash = mergeRound(hash, v3)
            hash = mergeRound(hash, v4)
        } else {
            hash = seed &+ prime5
        }
        hash &+= UInt64(count)
        return finish(hash, UnsafeRawBufferPointer(rebasing: bytes[index...]))
    }

    /// XXH64 of the bytes of an array.
    public static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }

    // MARK: - XXH64 steps (the names of the reference implementation)

    @inline(__always)
    static func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 {
        (value << bits) | (value >> (64 - bits))
    }

    @inline(__always)
    static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        rotate(accumulator &+ input &* prime2, 31) &* prime1
    }

    @inline(__always)
    private static func mergeRound(_ accumulator: UInt64, _ value: UInt64) -> UInt64 {
        (accumulator ^ round(0, value)) &* prime1 &+ prime4
    }

    /// The final mixing step: every input bit affects every output bit.
    @inline(__always)
    static func avalanche(_ value: UInt64) -> UInt64 {
        var hash = value
        hash ^= hash >> 33
        hash &*= prime2
        hash ^= hash >> 29
        hash &*= prime3
        hash ^= hash >> 32
        return hash
    }

    @inline(__always)
    private static func load64(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Mixes in the last 0-31 bytes, then avalanches.
    @inline(__always)
    private static func finish(_ start: UInt64, _ tail: UnsafeRawBufferPointer) -> UInt64 {
        var hash = start
        var index = 0
        let count = tail.count
        while count - index >= 8 {
            hash ^= round(0, load64(tail, index))
            hash = rotate(hash, 27) &* prime1 &+ prime4
            index += 8
        }
        if count - index >= 4 {
            let word = UInt64(UInt32(littleEndian: tail.loadUnaligned(fromByteOffset: index, as: UInt32.self)))
            hash ^= word &* prime1
            hash = rotate(hash, 23) &* prime2 &+ prime3
            index += 4
        }
        while index < count {
            hash ^= UInt64(tail[index]) &* prime5
            hash = rotate(hash, 11) &* prime1
            index += 1
        }
        return avalanche(hash)
    }
}
