import TestSupport
import Testing
@testable import RunFile

@Suite struct ResultChecksumTests {
    /// Rows of optional text values (nil = NULL).
    private func checksum(_ rows: [[String?]]) -> ResultChecksum {
        var checksum = ResultChecksum()
        for row in rows {
            checksum.beginRow()
            for value in row {
                if let value {
                    Array(value.utf8).withUnsafeBytes { checksum.addValue($0) }
                } else {
                    checksum.addValue(nil)
                }
            }
            checksum.endRow()
        }
        return checksum
    }

    @Test func noRowsIsZero() {
        let empty = ResultChecksum()
        #expect(empty.ordered == 0)
        #expect(empty.unordered == 0)
        #expect(empty.rows == 0)
        #expect(checksum([[]]).ordered != 0)  // one row of zero columns is a row
    }

    @Test func orderedDependsOnOrderAndUnorderedDoesNot() {
        let forward = checksum([["1", "a"], ["2", "b"], ["3", "c"]])
        let backward = checksum([["3", "c"], ["2", "b"], ["1", "a"]])
        #expect(forward.ordered != backward.ordered)
        #expect(forward.unordered == backward.unordered)
        #expect(forward.rows == 3)
    }

    @Test func unorderedIsTheSameForEveryPermutation() {
        let rows: [[String?]] = [["a"], ["b", nil], [""], ["a"], ["c", "d"]]
        var random = SplitMix64(seed: 9)
        let reference = checksum(rows)
        for _ in 0..<50 {
            let shuffled = rows.shuffled(using: &random)
            #expect(checksum(shuffled).unordered == reference.unordered)
        }
    }

    @Test func nullDiffersFromEmptyString() {
        #expect(checksum([[nil]]).ordered != checksum([[""]]).ordered)
        #expect(checksum([[nil]]).unordered != checksum([[""]]).unordered)
        #expect(checksum([["x", nil]]).ordered != checksum([["x", ""]]).ordered)
    }

    @Test func columnBoundariesMatter() {
        let split = [checksum([["ab", "c"]]), checksum([["a", "bc"]]), checksum([["abc"]]), checksum([["abc", ""]])]
        for (index, one) in split.enumerated() {
            for other in split[(index + 1)...] {
                #expect(one.ordered != other.ordered)
                #expect(one.unordered != other.unordered)
            }
        }
    }

    @Test func rowBoundariesMatter() {
        #expect(checksum([["a", "b"]]).unordered != checksum([["a"], ["b"]]).unordered)
        #expect(checksum([["a", "b"]]).ordered != checksum([["a"], ["b"]]).ordered)
    }

    /// Duplicate rows count: XOR-ing row hashes would make two equal rows vanish.
    @Test func duplicateRowsDoNotCancel() {
        let once = checksum([["x"]])
        let twice = checksum([["x"], ["x"]])
        let thrice = checksum([["x"], ["x"], ["x"]])
        let none = checksum([])
        #expect(twice.unordered != none.unordered)
        #expect(twice.unordered != once.unordered)
        #expect(thrice.unordered != once.unordered)
        #expect(checksum([["x"], ["x"], ["y"]]).unordered != checksum([["y"]]).unordered)
        #expect(checksum([["x"], ["x"], ["y"]]).unordered != checksum([["x"], ["y"], ["y"]]).unordered)
    }

    @Test func addRowIsOneRowOfOneValue() {
        var lines = ResultChecksum()
        for line in ["1\tone\n", "2\ttwo\n"] {
            Array(line.utf8).withUnsafeBytes { lines.addRow($0) }
        }
        let values = checksum([["1\tone\n"], ["2\ttwo\n"]])
        #expect(lines == values)
        #expect(lines.ordered == values.ordered)
        #expect(lines.unordered == values.unordered)
    }

    /// The values are stored in run files, so the algorithm is pinned: recomputed here from the
    /// documented definition, with XXH64 (checked against its reference values elsewhere).
    @Test func matchesTheDocumentedDefinition() {
        let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
        let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        let prime3: UInt64 = 0x1656_67B1_9E37_79F9
        let prime5: UInt64 = 0x27D4_EB2F_1656_67C5
        func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
            let mixed = accumulator &+ input &* prime2
            return ((mixed << 31) | (mixed >> 33)) &* prime1
        }
        func avalanche(_ value: UInt64) -> UInt64 {
            var hash = value
            hash ^= hash >> 33
            hash &*= prime2
            hash ^= hash >> 29
            hash &*= prime3
            hash ^= hash >> 32
            return hash
        }
        let rows: [[String?]] = [["42", nil, "héllo"], [], ["", "x"]]
        var ordered = prime5
        var sum: UInt64 = 0
        for row in rows {
            var chain = prime5
            for value in row {
                let valueHash = value.map { StableHash.hash(Array($0.utf8)) } ?? 0x4E55_4C4C_4E55_4C4C
                chain = round(chain, valueHash)
            }
            let rowHash = avalanche(chain &+ UInt64(row.count))
            ordered = round(ordered, rowHash)
            sum &+= rowHash
        }
        let result = checksum(rows)
        #expect(result.ordered == avalanche(ordered &+ 3))
        #expect(result.unordered == avalanche(sum &+ 3 &* prime3))
    }
}
