import TestSupport
import Testing
@testable import Workload

/// Damaged, cut-short and odd files: every case ends in a clear error or a clean end, never a
/// crash and never a wrong record.
@Suite struct WorkloadCorruptionTests {
    /// Reads a file the way a tool would: records until nil or the first error.
    private struct Outcome {
        var records: [WorkloadRecord] = []
        var sawTrailer = false
        var error: WorkloadFormatError?
    }

    private func read(_ bytes: [UInt8]) -> Outcome {
        var outcome = Outcome()
        do {
            let reader = try WorkloadReader(bytes: bytes, name: "damaged.pgw")
            while let record = try reader.next() {
                outcome.records.append(record)
            }
            outcome.sawTrailer = reader.sawTrailer
        } catch {
            outcome.error = error
        }
        return outcome
    }

    private func corruptOffset(_ error: WorkloadFormatError?) -> UInt64? {
        if case .corrupt(_, let offset, _) = error { return offset }
        return nil
    }

    @Test func everySingleBitFlipIsDetectedAtItsRecord() throws {
        let file = try WorkloadFormatSamples.smallFile()
        let boundaries = file.offsets + [file.bytes.count]
        for position in 0..<file.bytes.count {
            for bit in 0..<8 {
                var damaged = file.bytes
                damaged[position] ^= UInt8(1 << bit)
                let outcome = read(damaged)
                if position < 8 {
                    guard case .notAWorkloadFile = outcome.error else {
                        Issue.record("flip in magic at \(position) gave \(String(describing: outcome.error))")
                        continue
                    }
                    continue
                }
                // The record holding the flipped byte, and how many records come before it.
                let recordIndex = boundaries.lastIndex { $0 <= position }!
                let recordStart = UInt64(boundaries[recordIndex])
                #expect(corruptOffset(outcome.error) == recordStart,
                        "flip at byte \(position) bit \(bit): \(String(describing: outcome.error))")
                #expect(outcome.records == Array(file.records.prefix(max(0, recordIndex - 1))),
                        "flip at byte \(position) bit \(bit) changed an earlier record")
            }
        }
    }

    @Test func checksumMismatchMessageNamesFileOffsetAndRecord() throws {
        let file = try WorkloadFormatSamples.smallFile()
        var damaged = file.bytes
        let requestStart = file.offsets[3]
        damaged[requestStart + 12] ^= 0x10
        let outcome = read(damaged)
        #expect(outcome.error?.description
                == "workload file damaged.pgw is corrupt at byte \(requestStart): checksum mismatch in request record")
        #expect(outcome.records == Array(file.records.prefix(2)))
    }

    @Test func truncationAtEveryByteEndsCleanlyOrWithAnError() throws {
        let file = try WorkloadFormatSamples.smallFile()
        let headerEnd = file.offsets[1]
        for length in 0...file.bytes.count {
            let outcome = read(Array(file.bytes.prefix(length)))
            if length < 8 {
                guard case .notAWorkloadFile = outcome.error else {
                    Issue.record("cut at \(length) gave \(String(describing: outcome.error))")
                    continue
                }
                continue
            }
            if length < headerEnd {
                #expect(corruptOffset(outcome.error) == 8, "cut at \(length)")
                continue
            }
            // Records that were completely present, and the start of the first cut one.
            let recordEnds = Array(file.offsets.dropFirst(2)) + [file.bytes.count]
            let complete = recordEnds.filter { $0 <= length }.count
            #expect(outcome.records == Array(file.records.prefix(complete)), "cut at \(length)")
            if file.offsets.contains(length) {
                #expect(outcome.error == nil, "cut at record boundary \(length)")
                #expect(!outcome.sawTrailer)
            } else if length == file.bytes.count {
                #expect(outcome.error == nil)
                #expect(outcome.sawTrailer)
            } else {
                #expect(corruptOffset(outcome.error) == UInt64(file.offsets[complete + 1]), "cut at \(length)")
                #expect(outcome.error?.description.contains("file ends inside") == true)
            }
        }
    }

    @Test func unknownCriticalRecordTypeIsCorrupt() throws {
        let file = try WorkloadFormatSamples.smallFile()
        let insertAt = file.offsets[2]
        let damaged = Array(file.bytes[..<insertAt]) + WorkloadFormatSamples.frame(type: 0x7A, payload: [1, 2, 3])
            + Array(file.bytes[insertAt...])
        let outcome = read(damaged)
        #expect(outcome.error?.description
                == "workload file damaged.pgw is corrupt at byte \(insertAt): unknown record type 0x7A")
        #expect(outcome.records == [file.records[0]])
    }

    @Test func unknownAncillaryRecordsAreSkipped() throws {
        let file = try WorkloadFormatSamples.smallFile()
        let insertAt = file.offsets[3]
        let withExtras = Array(file.bytes[..<insertAt])
            + WorkloadFormatSamples.frame(type: 0x80, payload: [])
            + WorkloadFormatSamples.frame(type: 0xFF, payload: Array(repeating: 0xEE, count: 100))
            + Array(file.bytes[insertAt...])
        let outcome = read(withExtras)
        #expect(outcome.error == nil)
        #expect(outcome.records == file.records)
        #expect(outcome.sawTrailer)
    }

    @Test func damagedAncillaryRecordIsStillCorrupt() throws {
        let file = try WorkloadFormatSamples.smallFile()
        let insertAt = file.offsets[3]
        var extra = WorkloadFormatSamples.frame(type: 0x90, payload: [1, 2, 3])
        extra[6] ^= 1
        let outcome = read(Array(file.bytes[..<insertAt]) + extra + Array(file.bytes[insertAt...]))
        #expect(corruptOffset(outcome.error) == UInt64(insertAt))
    }

    /// Forward compatibility: bytes appended to a payload by a newer minor version are ignored.
    @Test func unknownTrailingPayloadBytesAreIgnored() throws {
        let file = try WorkloadFormatSamples.smallFile()
        var extended = Array(file.bytes[..<8])
        for (index, start) in file.offsets.enumerated() {
            let end = index + 1 < file.offsets.count ? file.offsets[index + 1] : file.bytes.count
            let type = file.bytes[start]
            let payload = Array(file.bytes[(start + 5)..<(end - 4)])
            extended += WorkloadFormatSamples.frame(type: type, payload: payload + [0xAB, 0xCD, 0x00, 0xFF])
        }
        let outcome = read(extended)
        #expect(outcome.error == nil)
        #expect(outcome.records == file.records)
        #expect(outcome.sawTrailer)
    }

    @Test func dataAfterTheTrailerIsCorrupt() throws {
        let file = try WorkloadFormatSamples.smallFile()
        let outcome = read(file.bytes + [0x00])
        #expect(outcome.records == file.records)
        #expect(corruptOffset(outcome.error) == UInt64(file.bytes.count))
        #expect(outcome.error?.description.contains("after the trailer") == true)
    }

    @Test func secondHeaderIsCorrupt() throws {
        let file = try WorkloadFormatSamples.smallFile()
        let header = Array(file.bytes[8..<file.offsets[1]])
        let outcome = read(Array(file.bytes[..<file.offsets[1]]) + header)
        #expect(corruptOffset(outcome.error) == UInt64(file.offsets[1]))
    }

    @Test func impossibleLengthIsCorruptWithoutAllocating() throws {
        let file = try WorkloadFormatSamples.smallFile()
        let start = file.offsets[1]
        var damaged = Array(file.bytes[..<start])
        damaged += [0x52, 0xFF, 0xFF, 0xFF, 0xFF] + Array(repeating: 0, count: 20)
        let outcome = read(damaged)
        #expect(corruptOffset(outcome.error) == UInt64(start))
        #expect(outcome.error?.description.contains("impossible length 4294967295 in request record") == true)
    }

    /// Payloads with a valid CRC but impossible content (as a buggy or hostile writer could make).
    @Test(arguments: [
        ([0x01], "runs past the end"),                                    // session only
        ([0x01, 0x01, 0x7A], "unknown request kind"),                     // bad kind
        ([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], "larger than 64 bits"),
        ([0x80, 0x80, 0x80, 0x80, 0x10], "out-of-range value"),           // session > UInt32.max
        ([0x01, 0x01, 0x51, 0x00, 0x00, 0x02], "invalid presence byte"),  // firstReplyAt presence 2
        ([0x01, 0x01, 0x51, 0x00, 0x00, 0x00, 0x00, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], "more than the record holds"),
        ([0x01, 0x01, 0x51, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0xC3, 0x28], "not valid UTF-8"),
    ] as [([UInt8], String)])
    func malformedRequestPayloadIsCorrupt(payload: [UInt8], expected: String) throws {
        let file = try WorkloadFormatSamples.smallFile()
        let start = file.offsets[1]
        let damaged = Array(file.bytes[..<start]) + WorkloadFormatSamples.frame(type: 0x52, payload: payload)
        let outcome = read(damaged)
        #expect(corruptOffset(outcome.error) == UInt64(start))
        let message = outcome.error?.description ?? ""
        #expect(message.contains("malformed request record"), "\(message)")
        #expect(message.contains(expected), "\(message)")
    }

    @Test func malformedBooleanIsCorrupt() throws {
        let encoder = try WorkloadEncoder(header: WorkloadFormatSamples.header)
        let start = encoder.bytes.count
        try encoder.append(.sessionEnd(SessionEnd(session: 1, endedAt: 1, reason: "", encrypted: false)))
        var payload = Array(encoder.bytes[(start + 5)..<(encoder.bytes.count - 4)])
        payload[payload.count - 2] = 2  // encrypted
        let damaged = Array(encoder.bytes[..<start]) + WorkloadFormatSamples.frame(type: 0x45, payload: payload)
        #expect(read(damaged).error?.description.contains("field encrypted has invalid boolean value 2") == true)
    }

    @Test func newerVersionIsRefusedWithAClearMessage() throws {
        let encoder = try WorkloadEncoder(header: WorkloadHeader(formatVersion: 2, toolVersion: "9.0", createdAt: 0))
        #expect(throws: Never.self) { try encoder.append(.request(WorkloadFormatSamples.minimalRequest)) }
        let outcome = read(encoder.bytes)
        #expect(outcome.error == .unsupportedVersion(path: "damaged.pgw", version: 2))
        #expect(outcome.error?.description
                == "cannot read damaged.pgw: workload format version 2 is newer than this pgrehearse supports (1); use a newer pgrehearse")
    }

    /// A newer major version may change everything after its version field: the refusal must not
    /// depend on the rest of the header making sense.
    @Test func newerVersionWithUnreadableHeaderIsStillRefusedByVersion() {
        let file = Array("PGRHWKLD".utf8) + WorkloadFormatSamples.frame(type: 0x48, payload: [0xFF, 0xFF, 0xFF])
        #expect(read(file).error == .unsupportedVersion(path: "damaged.pgw", version: 0xFFFF))
    }

    @Test func versionZeroIsRefused() throws {
        let encoder = try WorkloadEncoder(header: WorkloadHeader(formatVersion: 0, toolVersion: "", createdAt: 0))
        let error = read(encoder.bytes).error
        #expect(error == .unsupportedVersion(path: "damaged.pgw", version: 0))
        #expect(error?.description.contains("version 0 is not a valid version") == true)
    }

    @Test func filesThatAreNotWorkloadsAreNamedAsSuch() {
        #expect(read([]).error?.description == "damaged.pgw is not a pgrehearse workload file: the file is empty")
        #expect(read(Array("SELECT 1;\n".utf8)).error?.description
                == "damaged.pgw is not a pgrehearse workload file: it does not start with \"PGRHWKLD\"")
        let pcap: [UInt8] = [0xD4, 0xC3, 0xB2, 0xA1, 0x02, 0x00, 0x04, 0x00, 0, 0, 0, 0]
        #expect(read(pcap).error?.description.hasSuffix("(it looks like a pcap capture)") == true)
        let pcapng: [UInt8] = [0x0A, 0x0D, 0x0D, 0x0A, 0x1C, 0x00, 0x00, 0x00, 0x4D, 0x3C, 0x2B, 0x1A]
        #expect(read(pcapng).error?.description.hasSuffix("(it looks like a pcapng capture)") == true)
    }

    @Test func firstRecordMustBeTheHeader() throws {
        let file = try WorkloadFormatSamples.smallFile()
        let withoutHeader = Array(file.bytes[..<8]) + Array(file.bytes[file.offsets[1]...])
        let error = read(withoutHeader).error
        #expect(corruptOffset(error) == 8)
        #expect(error?.description.contains("expected the header record, found a session start record") == true)
    }

    /// Random garbage after a valid header: errors only, never a crash.
    @Test func randomGarbageNeverCrashes() throws {
        var generator = SplitMix64(seed: 7)
        let header = try WorkloadEncoder(header: WorkloadFormatSamples.header).bytes
        for _ in 0..<2_000 {
            let length = Int(generator.next() % 64)
            var garbage = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if !garbage.isEmpty, generator.next() % 2 == 0 {
                // A valid frame around random content exercises the payload decoders.
                let type = [0x53, 0x4E, 0x52, 0x45, 0x54][Int(generator.next() % 5)] as UInt8
                garbage = WorkloadFormatSamples.frame(type: type, payload: garbage)
            }
            _ = read(header + garbage)
        }
    }
}
