import Foundation
import TestSupport
import Testing
@testable import RunFile

/// StableHash is XXH64: checked against the reference implementation's published values.
@Suite struct StableHashTests {
    /// From the test table of github.com/cespare/xxhash (seed 0).
    static let referenceVectors: [(String, UInt64)] = [
        ("", 0xEF46_DB37_51D8_E999),
        ("a", 0xD24E_C4F1_A98C_6E5B),
        ("as", 0x1C33_0FB2_D66B_E179),
        ("asd", 0x631C_37CE_72A9_7393),
        ("asdf", 0x4158_72F5_99CE_A71E),
        // Exactly 63 characters: stripes, 8-byte, 4-byte and 1-byte tails.
        ("Call me Ishmael. Some years ago--never mind how long precisely-", 0x02A2_E854_70D6_FD96),
    ]

    /// The sanity buffer of xxHash's own xxhsum (101 bytes from a 32-bit generator).
    static let sanityBuffer: [UInt8] = {
        var generator: UInt32 = 2_654_435_761
        return (0..<101).map { _ in
            defer { generator = generator &* generator }
            return UInt8(truncatingIfNeeded: generator >> 24)
        }
    }()

    /// xxhsum's sanity check: (length, seed, XXH64) over `sanityBuffer`.
    static let sanityVectors: [(Int, UInt64, UInt64)] = [
        (0, 0, 0xEF46_DB37_51D8_E999), (0, 2_654_435_761, 0xAC75_FDA2_929B_17EF),
        (1, 0, 0x4FCE_394C_C889_52D8), (1, 2_654_435_761, 0x7398_40CB_819F_A723),
        (14, 0, 0xCFFA_8DB8_81BC_3A3D), (14, 2_654_435_761, 0x5B96_1158_5EFC_C9CB),
        (101, 0, 0x0EAB_5433_84F8_78AD), (101, 2_654_435_761, 0xCAA6_5939_306F_1E21),
    ]

    @Test func oneShotMatchesTheReferenceVectors() {
        for (text, expected) in Self.referenceVectors {
            #expect(StableHash.hash(Array(text.utf8)) == expected, "\"\(text)\"")
        }
        for (length, seed, expected) in Self.sanityVectors {
            #expect(StableHash.hash(Array(Self.sanityBuffer.prefix(length)), seed: seed) == expected,
                    "length \(length) seed \(seed)")
        }
    }

    /// Fed in pieces of every size, the stream gives the reference values too.
    @Test func streamingInPiecesOfEverySizeMatches() {
        var cases = Self.referenceVectors.map { (Array($0.0.utf8), UInt64(0), $0.1) }
        cases += Self.sanityVectors.map { (Array(Self.sanityBuffer.prefix($0.0)), $0.1, $0.2) }
        for (bytes, seed, expected) in cases {
            for pieceSize in 1...max(1, bytes.count) {
                var hash = StableHash(seed: seed)
                var start = 0
                while start < bytes.count {
                    let end = min(bytes.count, start + pieceSize)
                    hash.update(Array(bytes[start..<end]))
                    start = end
                }
                #expect(hash.value == expected, "\(bytes.count) bytes in pieces of \(pieceSize)")
            }
        }
    }

    @Test func streamingLongInputMatchesOneShot() {
        var random = SplitMix64(seed: 3)
        let bytes = (0..<100_003).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        var hash = StableHash()
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + Int(random.next() % 5_000))
            hash.update(Array(bytes[start..<end]))
            start = end
            // Reading the value mid-stream does not disturb the stream.
            _ = hash.value
        }
        #expect(hash.value == StableHash.hash(bytes))
        #expect(hash.value != StableHash.hash(Array(bytes.dropLast())))
    }

    @Test func hashFileHashesTheFileBytes() throws {
        let directory = try RunFileSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/workload.pgw"
        var random = SplitMix64(seed: 5)
        // Larger than one 1 MiB read, not a multiple of the 32-byte stripe.
        let bytes = (0..<((1 << 20) + 77)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        #expect(try StableHash.hashFile(path: path) == StableHash.hash(bytes))
        let missing = directory + "/missing.pgw"
        #expect(throws: RunFileError.cannotHash(path: missing, reason: "No such file or directory")) {
            _ = try StableHash.hashFile(path: missing)
        }
    }
}
