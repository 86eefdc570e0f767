import TestSupport
import Testing
@testable import RunFile
import Workload

/// Damaged, cut-short and odd run files: every case ends in a clear error, a clean end or a
/// cut-short report, never a crash and never a wrong outcome.
@Suite struct RunFileCorruptionTests {
    private func corruptOffset(_ error: RunFileError?) -> UInt64? {
        if case .corrupt(_, let offset, _) = error { return offset }
        return nil
    }

    private func cutShortOffset(_ error: RunFileError?) -> UInt64? {
        if case .cutShort(_, let offset, _) = error { return offset }
        return nil
    }

    /// A flipped bit is found at the record that holds it; only a flip in a length field that then
    /// points past the end of the file reads as a file cut short at that record. Outcomes before it
    /// are returned unchanged, none after it.
    @Test func everySingleBitFlipIsDetectedAtItsRecord() throws {
        let file = try RunFileSamples.smallFile()
        let boundaries = file.offsets + [file.bytes.count]
        for position in 0..<file.bytes.count {
            for bit in 0..<8 {
                var damaged = file.bytes
                damaged[position] ^= UInt8(1 << bit)
                let read = RunFileSamples.read(damaged)
                if position < 8 {
                    guard case .notARunFile = read.error else {
                        Issue.record("flip in magic at \(position) gave \(String(describing: read.error))")
                        continue
                    }
                    continue
                }
                let recordIndex = boundaries.lastIndex { $0 <= position }!
                let recordStart = UInt64(boundaries[recordIndex])
                let inLength = position >= Int(recordStart) + 1 && position < Int(recordStart) + 5
                if inLength, let offset = cutShortOffset(read.error ?? read.cutShort) {
                    #expect(offset == recordStart, "flip at byte \(position) bit \(bit)")
                } else {
                    #expect(corruptOffset(read.error) == recordStart,
                            "flip at byte \(position) bit \(bit): \(String(describing: read.error))")
                }
                #expect(read.outcomes == Array(file.outcomes.prefix(max(0, recordIndex - 1))),
                        "flip at byte \(position) bit \(bit) changed an earlier outcome")
                #expect(read.trailer == nil)
            }
        }
    }

    @Test func checksumMismatchMessageNamesFileOffsetAndRecord() throws {
        let file = try RunFileSamples.smallFile()
        var damaged = file.bytes
        let second = file.offsets[2]
        damaged[second + 7] ^= 0x10
        let read = RunFileSamples.read(damaged, name: "damaged.pgr")
        #expect(read.error?.description
                == "run file damaged.pgr is corrupt at byte \(second): checksum mismatch in outcome record")
        #expect(read.outcomes == [file.outcomes[0]])
    }

    /// Cut at every length: before the magic it is not a run file; inside the header there is
    /// nothing to read; after it, the complete outcomes are returned and the end is reported cut short
    /// at the first incomplete record (never as corruption).
    @Test func truncationAtEveryByteKeepsTheCompleteOutcomes() throws {
        let file = try RunFileSamples.smallFile()
        let headerEnd = file.offsets[1]
        for length in 0...file.bytes.count {
            let read = RunFileSamples.read(Array(file.bytes.prefix(length)))
            if length < 8 {
                guard case .notARunFile = read.error else {
                    Issue.record("cut at \(length) gave \(String(describing: read.error))")
                    continue
                }
                continue
            }
            if length < headerEnd {
                #expect(read.error == .cutShort(path: "test.pgr", offset: 8, outcomes: 0), "cut at \(length)")
                continue
            }
            #expect(read.error == nil, "cut at \(length)")
            if length == file.bytes.count {
                #expect(read.trailer != nil)
                #expect(read.cutShort == nil)
                #expect(read.outcomes == file.outcomes)
                continue
            }
            let complete = file.offsets.dropFirst().filter { $0 <= length }.count - 1
            #expect(read.outcomes == Array(file.outcomes.prefix(complete)), "cut at \(length)")
            #expect(read.trailer == nil)
            let lastBoundary = file.offsets.last { $0 <= length }!
            #expect(read.cutShort == .cutShort(path: "test.pgr", offset: UInt64(lastBoundary), outcomes: UInt64(complete)),
                    "cut at \(length)")
        }
    }

    @Test func unknownCriticalRecordTypeIsCorrupt() throws {
        let file = try RunFileSamples.smallFile()
        let insertAt = file.offsets[2]
        let damaged = Array(file.bytes[..<insertAt]) + RunFileSamples.frame(type: 0x7A, payload: [1, 2, 3])
            + Array(file.bytes[insertAt...])
        let read = RunFileSamples.read(damaged, name: "damaged.pgr")
        #expect(read.error?.description == "run file damaged.pgr is corrupt at byte \(insertAt): unknown record type 0x7A")
        #expect(read.outcomes == [file.outcomes[0]])
    }

    @Test func unknownAncillaryRecordsAreSkipped() throws {
        let file = try RunFileSamples.smallFile()
        let insertAt = file.offsets[2]
        let withExtras = Array(file.bytes[..<insertAt])
            + RunFileSamples.frame(type: 0x80, payload: [])
            + RunFileSamples.frame(type: 0xFF, payload: Array(repeating: 0xEE, count: 100))
            + Array(file.bytes[insertAt...])
        let read = RunFileSamples.read(withExtras)
        #expect(read.error == nil)
        #expect(read.outcomes == file.outcomes)
        #expect(read.trailer != nil)
    }

    @Test func damagedAncillaryRecordIsStillCorrupt() throws {
        let file = try RunFileSamples.smallFile()
        let insertAt = file.offsets[2]
        var extra = RunFileSamples.frame(type: 0x90, payload: [1, 2, 3])
        extra[6] ^= 1
        let read = RunFileSamples.read(Array(file.bytes[..<insertAt]) + extra + Array(file.bytes[insertAt...]))
        #expect(corruptOffset(read.error) == UInt64(insertAt))
    }

    /// Forward compatibility: bytes appended to a payload by a newer minor version are ignored.
    @Test func unknownTrailingPayloadBytesAreIgnored() throws {
        let file = try RunFileSamples.smallFile()
        var extended = Array(file.bytes[..<8])
        for (index, start) in file.offsets.enumerated() {
            let end = index + 1 < file.offsets.count ? file.offsets[index + 1] : file.bytes.count
            let payload = Array(file.bytes[(start + 5)..<(end - 4)])
            extended += RunFileSamples.frame(type: file.bytes[start], payload: payload + [0xAB, 0xCD, 0x00, 0xFF])
        }
        let read = RunFileSamples.read(extended)
        #expect(read.error == nil)
        #expect(read.header == RunFileSamples.header)
        #expect(read.outcomes == file.outcomes)
        #expect(read.trailer != nil)
    }

    @Test func dataAfterTheTrailerIsCorrupt() throws {
        let file = try RunFileSamples.smallFile()
        let read = RunFileSamples.read(file.bytes + [0x00])
        #expect(read.outcomes == file.outcomes)
        #expect(corruptOffset(read.error) == UInt64(file.bytes.count))
        #expect(read.error?.description.contains("unexpected data after the trailer record") == true)
    }

    @Test func trailerCountingOtherOutcomesIsCorrupt() throws {
        let file = try RunFileSamples.smallFile()
        let trailerStart = file.offsets.last!
        let encoder = try RunEncoder(header: RunFileSamples.header)
        let withoutOutcomes = encoder.bytes.count
        try encoder.appendTrailer(RunTrailer(endedAt: 1, outcomes: 0))
        let trailerPayload = Array(encoder.bytes[(withoutOutcomes + 5)..<(encoder.bytes.count - 4)])
        // The same trailer, claiming 0 outcomes, after 3 outcomes.
        let damaged = Array(file.bytes[..<trailerStart]) + RunFileSamples.frame(type: 0x54, payload: trailerPayload)
        let read = RunFileSamples.read(damaged)
        #expect(corruptOffset(read.error) == UInt64(trailerStart))
        #expect(read.error?.description.contains("the trailer counts 0 outcomes but the file holds 3") == true)
        #expect(read.outcomes == file.outcomes)
    }

    @Test func secondHeaderIsCorrupt() throws {
        let file = try RunFileSamples.smallFile()
        let header = Array(file.bytes[8..<file.offsets[1]])
        let read = RunFileSamples.read(Array(file.bytes[..<file.offsets[1]]) + header)
        #expect(corruptOffset(read.error) == UInt64(file.offsets[1]))
    }

    @Test func impossibleLengthIsCorruptWithoutAllocating() throws {
        let file = try RunFileSamples.smallFile()
        let start = file.offsets[1]
        let damaged = Array(file.bytes[..<start]) + [0x4F, 0xFF, 0xFF, 0xFF, 0xFF] + Array(repeating: 0, count: 20)
        let read = RunFileSamples.read(damaged)
        #expect(corruptOffset(read.error) == UInt64(start))
        #expect(read.error?.description.contains("impossible length 4294967295 in outcome record") == true)
    }

    /// Payloads with a valid CRC but impossible content (as a buggy or hostile writer could make).
    @Test(arguments: [
        ([0x01], "runs past the end"),
        ([0x01, 0x01, 0x09], "unknown replay status 9"),
        ([0x01, 0x01, 0x00, 0x80, 0x02], "productionMismatch has out-of-range value 256"),
        ([0x80, 0x80, 0x80, 0x80, 0x10], "out-of-range value"),
        ([0x01, 0x01, 0x00, 0x00, 0x02], "field fingerprint has invalid presence byte 2"),
        ([0x01, 0x01, 0x00, 0x00, 0x00, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], "more than the record holds"),
        ([0x01, 0x01, 0x00, 0x00, 0x00, 0x01, 0x02, 0xC3, 0x28], "not valid UTF-8"),
        ([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], "larger than 64 bits"),
    ] as [([UInt8], String)])
    func malformedOutcomePayloadIsCorrupt(payload: [UInt8], expected: String) throws {
        let file = try RunFileSamples.smallFile()
        let start = file.offsets[1]
        let damaged = Array(file.bytes[..<start]) + RunFileSamples.frame(type: 0x4F, payload: payload)
        let read = RunFileSamples.read(damaged)
        #expect(corruptOffset(read.error) == UInt64(start))
        let message = read.error?.description ?? ""
        #expect(message.contains("malformed outcome record"), "\(message)")
        #expect(message.contains(expected), "\(message)")
    }

    @Test func malformedTrailerBooleanIsCorrupt() throws {
        let encoder = try RunEncoder(header: RunFileSamples.header)
        let start = encoder.bytes.count
        try encoder.appendTrailer(RunTrailer(endedAt: 1, outcomes: 0, interrupted: false, summaryJSON: ""))
        var payload = Array(encoder.bytes[(start + 5)..<(encoder.bytes.count - 4)])
        payload[payload.count - 2] = 2  // interrupted
        let damaged = Array(encoder.bytes[..<start]) + RunFileSamples.frame(type: 0x54, payload: payload)
        #expect(RunFileSamples.read(damaged).error?.description.contains("field interrupted has invalid boolean value 2") == true)
    }

    @Test func newerVersionIsRefusedWithAClearMessage() throws {
        var header = RunFileSamples.header
        header.formatVersion = 2
        let encoder = try RunEncoder(header: header)
        try encoder.append(RunFileSamples.outcomes[0])
        let error = RunFileSamples.read(encoder.bytes, name: "new.pgr").error
        #expect(error == .unsupportedVersion(path: "new.pgr", version: 2))
        #expect(error?.description
                == "cannot read new.pgr: run format version 2 is newer than this pgrehearse supports (1); use a newer pgrehearse")
    }

    /// A newer major version may change everything after its version field.
    @Test func newerVersionWithUnreadableHeaderIsStillRefusedByVersion() {
        let file = RunFormat.magic + RunFileSamples.frame(type: 0x48, payload: [0xFF, 0xFF, 0xFF])
        #expect(RunFileSamples.read(file).error == .unsupportedVersion(path: "test.pgr", version: 0xFFFF))
    }

    @Test func versionZeroIsRefused() throws {
        var header = RunFileSamples.header
        header.formatVersion = 0
        let error = RunFileSamples.read(try RunEncoder(header: header).bytes).error
        #expect(error == .unsupportedVersion(path: "test.pgr", version: 0))
        #expect(error?.description.contains("version 0 is not a valid version") == true)
    }

    @Test func filesThatAreNotRunFilesAreNamedAsSuch() throws {
        #expect(RunFileSamples.read([], name: "x").error?.description == "x is not a pgrehearse run file: the file is empty")
        #expect(RunFileSamples.read(Array("PGRH".utf8), name: "x").error?.description
                == "x is not a pgrehearse run file: the file is only 4 bytes long")
        #expect(RunFileSamples.read(Array("SELECT 1;\n".utf8), name: "x").error?.description
                == "x is not a pgrehearse run file: it does not start with \"PGRHRUNF\"")
        let workload = try WorkloadEncoder(header: WorkloadHeader(toolVersion: "t", createdAt: 0)).bytes
        #expect(RunFileSamples.read(workload, name: "prod.pgw").error?.description
                == "prod.pgw is not a pgrehearse run file: it does not start with \"PGRHRUNF\" "
                + "(it is a workload file: give it to `pgrehearse replay`, which writes a run file)")
        let pcap: [UInt8] = [0xD4, 0xC3, 0xB2, 0xA1, 0x02, 0x00, 0x04, 0x00, 0, 0, 0, 0]
        #expect(RunFileSamples.read(pcap).error?.description.hasSuffix("(it looks like a pcap capture)") == true)
        let pcapng: [UInt8] = [0x0A, 0x0D, 0x0D, 0x0A, 0x1C, 0x00, 0x00, 0x00, 0x4D, 0x3C, 0x2B, 0x1A]
        #expect(RunFileSamples.read(pcapng).error?.description.hasSuffix("(it looks like a pcapng capture)") == true)
    }

    @Test func workloadReaderNamesARunFileAsNotAWorkload() throws {
        let file = try RunFileSamples.smallFile()
        #expect(throws: WorkloadFormatError.self) { _ = try WorkloadReader(bytes: file.bytes) }
    }

    @Test func firstRecordMustBeTheHeader() throws {
        let file = try RunFileSamples.smallFile()
        let withoutHeader = Array(file.bytes[..<8]) + Array(file.bytes[file.offsets[1]...])
        let error = RunFileSamples.read(withoutHeader).error
        #expect(corruptOffset(error) == 8)
        #expect(error?.description.contains("expected the header record, found an outcome record") == true)
    }

    /// Random garbage after a valid header: errors or a cut-short end only, never a crash.
    @Test func randomGarbageNeverCrashes() throws {
        var generator = SplitMix64(seed: 11)
        let header = try RunEncoder(header: RunFileSamples.header).bytes
        for _ in 0..<3_000 {
            let length = Int(generator.next() % 64)
            var garbage = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if !garbage.isEmpty, generator.next() % 2 == 0 {
                // A valid frame around random content exercises the payload decoders.
                let type = [0x4F, 0x54, 0x48, 0x80, 0xCE, 0xC3][Int(generator.next() % 6)] as UInt8
                garbage = RunFileSamples.frame(type: type, payload: garbage)
            }
            let read = RunFileSamples.read(header + garbage)
            #expect(read.error != nil || read.cutShort != nil || read.trailer != nil)
        }
    }
}
