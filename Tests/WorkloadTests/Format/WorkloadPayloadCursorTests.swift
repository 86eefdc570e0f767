import TestSupport
import Testing
@testable import Workload

/// Varints decode a word at a time when the payload has eight bytes left, and a byte at a time near
/// its end: both must give what the writer wrote, and refuse what the format refuses.
@Suite struct WorkloadPayloadCursorTests {
    static func encoded(_ values: [UInt64], padding: Int) -> [UInt8] {
        var buffer = WorkloadOutputBuffer(capacity: 64)
        for value in values { buffer.appendVarint(value) }
        for _ in 0..<padding { buffer.appendByte(0x7F) }
        return Array(buffer.bytes)
    }

    static func decoded(_ bytes: [UInt8], count: Int) throws -> [UInt64] {
        try bytes.withUnsafeBytes { raw in
            var cursor = WorkloadPayloadCursor(raw)
            var values: [UInt64] = []
            for _ in 0..<count { values.append(try cursor.varint("value")) }
            return values
        }
    }

    @Test func everyLengthRoundTripsFarFromAndNearTheEnd() throws {
        var values: [UInt64] = [0, 1, 127, 128, 255, 16_383, 16_384, UInt64(UInt32.max), UInt64.max, UInt64.max - 1,
                                1 << 63, (1 << 63) - 1, 1 << 56, (1 << 56) - 1, 1_796_111_087_596_789_789]
        for bits in 0..<64 { values += [UInt64(1) << bits, (UInt64(1) << bits) &- 1, (UInt64(1) << bits) | 1] }
        var generator = SplitMix64(seed: 11)
        for _ in 0..<2_000 { values.append(generator.next() >> (generator.next() % 64)) }
        for padding in [0, 1, 5, 9, 20] {
            let bytes = Self.encoded(values, padding: padding)
            #expect(try Self.decoded(bytes, count: values.count) == values, "padding \(padding)")
        }
        // Each value alone, so that it ends exactly at the end of the payload.
        for value in values {
            #expect(try Self.decoded(Self.encoded([value], padding: 0), count: 1) == [value])
        }
    }

    @Test func overlongButValidEncodingsDecode() throws {
        // Zero in ten bytes, and 2^63 spelled with continuation bytes only up to the tenth.
        #expect(try Self.decoded([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], count: 1) == [0])
        #expect(try Self.decoded([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x7F], count: 1) == [1 << 63])
    }

    @Test func tooLargeOrCutShortVarintsAreRefused() {
        let cases: [([UInt8], String)] = [
            ([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02], "larger than 64 bits"),
            ([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], "larger than 64 bits"),
            ([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], "runs past the end"),
            ([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], "runs past the end"),
            ([0xFF, 0xFF, 0xFF], "runs past the end"),
        ]
        for (bytes, reason) in cases {
            #expect(throws: WorkloadPayloadError.self, "\(bytes)") { try Self.decoded(bytes, count: 1) }
            do {
                _ = try Self.decoded(bytes, count: 1)
            } catch let error as WorkloadPayloadError {
                #expect(error.reason.contains(reason), "\(bytes): \(error.reason)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }
}
