import TestSupport
import Testing
@testable import Workload

@Suite struct CRC32CTests {
    @Test func standardCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    }

    @Test func knownVectors() {
        // RFC 3720 (iSCSI) appendix B.4 test patterns.
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).map { UInt8(31 - $0) }) == 0x113F_DB5C)
        #expect(CRC32C.checksum([]) == 0)
    }

    /// Both paths (the processor's instruction, and the 8-bytes-at-a-time table used without it) must agree
    /// with the plain bitwise definition at every length and alignment.
    @Test func bothPathsMatchTheBitwiseDefinition() {
        var generator = SplitMix64(seed: 42)
        let data = (0..<1_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        for start in 0..<9 {
            for length in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 500, 991 - start] {
                let slice = Array(data[start..<(start + length)])
                #expect(CRC32C.checksum(slice) == bitwiseCRC32C(slice), "start \(start) length \(length)")
                #expect(slice.withUnsafeBytes { CRC32C.portableChecksum($0) } == bitwiseCRC32C(slice),
                        "portable, start \(start) length \(length)")
            }
        }
    }

    /// The processor's instruction (when this machine has it) and the portable tables agree at every
    /// length, alignment and starting value.
    @Test func hardwareMatchesTables() {
        var generator = SplitMix64(seed: 7)
        let data = (0..<1_100).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        data.withUnsafeBytes { all in
            for start in 0..<9 {
                for length in [0, 1, 3, 7, 8, 9, 15, 16, 17, 63, 64, 65, 135, 1_000] {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                    for previous: UInt32 in [0, 0xDEAD_BEEF] {
                        #expect(CRC32C.checksum(slice, continuing: previous) == CRC32C.portableChecksum(slice, continuing: previous),
                                "start \(start) length \(length)")
                    }
                }
            }
        }
    }

    @Test func continuingMatchesOneShot() {
        let data = Array("The quick brown fox jumps over the lazy dog".utf8)
        let whole = CRC32C.checksum(data)
        let first = CRC32C.checksum(Array(data[..<13]))
        let pieces = Array(data[13...]).withUnsafeBytes { CRC32C.checksum($0, continuing: first) }
        #expect(pieces == whole)
        let portablePieces = Array(data[13...]).withUnsafeBytes { CRC32C.portableChecksum($0, continuing: first) }
        #expect(portablePieces == whole)
        #expect(whole == 0x2262_0404)
    }

    private func bitwiseCRC32C(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1
            }
        }
        return ~crc
    }
}
