import Foundation
import TestSupport
import Testing
@testable import RunFile
import Workload

/// Everything written is read back exactly, in memory and on disk.
@Suite struct RunFileRoundTripTests {
    @Test func everyFieldOfHeaderOutcomesAndTrailerRoundTrips() throws {
        let encoder = try RunEncoder(header: RunFileSamples.fullHeader)
        for outcome in RunFileSamples.outcomes {
            try encoder.append(outcome)
        }
        try encoder.appendTrailer(RunFileSamples.trailer)
        let read = RunFileSamples.read(encoder.bytes)
        #expect(read.error == nil)
        #expect(read.header == RunFileSamples.fullHeader)
        #expect(read.outcomes == RunFileSamples.outcomes)
        #expect(read.trailer == RunFileSamples.trailer)
        #expect(read.cutShort == nil)
    }

    @Test func minimalHeaderAndEmptyRunRoundTrip() throws {
        let header = RunHeader(toolVersion: "", workloadPath: "", workloadHash: 0, workloadRequests: 0, target: "",
                               serverVersion: "", speed: 0, shardIndex: 0, shardCount: 0, startedAt: 0, captureStart: 0)
        let encoder = try RunEncoder(header: header)
        try encoder.appendTrailer(RunTrailer(endedAt: 0, outcomes: 0, summaryJSON: ""))
        let read = RunFileSamples.read(encoder.bytes)
        #expect(read.header == header)
        #expect(read.outcomes.isEmpty)
        #expect(read.trailer == RunTrailer(endedAt: 0, outcomes: 0, summaryJSON: ""))
    }

    @Test func speedKeepsEveryBitOfItsDouble() throws {
        for speed in [0, 1, 0.1, 1e300, -0.0, .infinity, .leastNonzeroMagnitude] as [Double] {
            var header = RunFileSamples.header
            header.speed = speed
            let read = RunFileSamples.read(try RunEncoder(header: header).bytes)
            #expect(read.header?.speed.bitPattern == speed.bitPattern)
        }
    }

    /// Random outcomes, including every combination of present and absent optionals.
    @Test func randomOutcomesRoundTrip() throws {
        var random = SplitMix64(seed: 42)
        func maybe<T>(_ value: @autoclosure () -> T) -> T? { random.next() % 2 == 0 ? value() : nil }
        func text() -> String {
            let pieces = ["", "a", "SELECT 1", "é", "日本", "🙂", "\u{0}", "x\ny"]
            return (0..<(random.next() % 4)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
        }
        var outcomes: [ReplayOutcome] = []
        for _ in 0..<2_000 {
            let scheduledAt = Int64(bitPattern: random.next())
            outcomes.append(ReplayOutcome(
                session: UInt32(truncatingIfNeeded: random.next()), sequence: UInt32(truncatingIfNeeded: random.next()),
                fingerprint: maybe(random.next()),
                status: ReplayStatus.allCases[Int(random.next() % UInt64(ReplayStatus.allCases.count))],
                skipReason: maybe(text()), scheduledAt: scheduledAt,
                sentAt: maybe(Int64(bitPattern: random.next())), completedAt: maybe(scheduledAt &+ Int64(random.next() % 1_000_000)),
                commandTags: (0..<(random.next() % 3)).map { _ in text() },
                rows: random.next() >> (random.next() % 64), dataRows: random.next() % 1_000,
                error: maybe(ErrorInfo(fields: (0..<(random.next() % 4)).map { _ in
                    ErrorField(code: UInt8(truncatingIfNeeded: random.next()), value: text())
                })),
                transactionStatus: maybe(UInt8(truncatingIfNeeded: random.next())),
                orderedChecksum: random.next() % 3 == 0 ? 0 : random.next(),
                unorderedChecksum: random.next() % 3 == 0 ? 0 : random.next(),
                productionMismatch: ProductionMismatch(rawValue: UInt8(truncatingIfNeeded: random.next()))))
        }
        let encoder = try RunEncoder(header: RunFileSamples.header)
        for outcome in outcomes {
            try encoder.append(outcome)
        }
        try encoder.appendTrailer(RunTrailer(endedAt: 1, outcomes: 0))
        let read = RunFileSamples.read(encoder.bytes)
        #expect(read.error == nil)
        #expect(read.outcomes == outcomes)
        #expect(read.trailer?.outcomes == UInt64(outcomes.count))
    }

    @Test func outcomeWithoutRowsIsCompact() throws {
        let encoder = try RunEncoder(header: RunFileSamples.header)
        let before = encoder.bytes.count
        try encoder.append(ReplayOutcome(session: 1, sequence: 7, status: .executed, scheduledAt: 1_000,
                                         sentAt: 1_010, completedAt: 1_500, commandTags: ["INSERT 0 1"], rows: 1,
                                         transactionStatus: UInt8(ascii: "T")))
        // 9 bytes of frame, 31 of payload: the times are deltas, the empty checksums one byte.
        #expect(encoder.bytes.count - before == 9 + 31)
    }

    @Test func writerAndReaderOnDisk() throws {
        let directory = try RunFileSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/run.pgr"
        let writer = try RunWriter(path: path, header: RunFileSamples.fullHeader)
        for outcome in RunFileSamples.outcomes {
            try writer.write(outcome)
        }
        #expect(writer.outcomesWritten == UInt64(RunFileSamples.outcomes.count))
        // The writer counts the outcomes itself, whatever the trailer says.
        try writer.finish(trailer: RunTrailer(endedAt: 99, outcomes: 12_345))
        try writer.close()

        let reader = try RunReader(path: path)
        #expect(reader.header == RunFileSamples.fullHeader)
        var outcomes: [ReplayOutcome] = []
        while let outcome = try reader.next() {
            outcomes.append(outcome)
        }
        #expect(outcomes == RunFileSamples.outcomes)
        #expect(reader.sawTrailer)
        #expect(reader.trailer == RunTrailer(endedAt: 99, outcomes: UInt64(RunFileSamples.outcomes.count)))
        #expect(try reader.next() == nil)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber
        #expect(reader.offset == size?.uint64Value)
        #expect(writer.bytesWritten == size?.uint64Value)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == (try encodedSample()))
    }

    private func encodedSample() throws -> [UInt8] {
        let encoder = try RunEncoder(header: RunFileSamples.fullHeader)
        for outcome in RunFileSamples.outcomes {
            try encoder.append(outcome)
        }
        try encoder.appendTrailer(RunTrailer(endedAt: 99, outcomes: 0))
        return encoder.bytes
    }

    @Test func writerRefusesUseAfterFinish() throws {
        let directory = try RunFileSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/done.pgr"
        let writer = try RunWriter(path: path, header: RunFileSamples.header)
        try writer.finish(trailer: RunTrailer(endedAt: 1, outcomes: 0))
        #expect(throws: RunFileError.writeFailed(path: path, reason: "the writer is already closed")) {
            try writer.write(RunFileSamples.outcomes[0])
        }
        #expect(throws: RunFileError.self) { try writer.finish(trailer: RunTrailer(endedAt: 1, outcomes: 0)) }
    }

    /// `close()` without a trailer leaves a file that reads as cut short, with its outcomes.
    @Test func closeWithoutTrailerLeavesACutShortFile() throws {
        let directory = try RunFileSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/stopped.pgr"
        let writer = try RunWriter(path: path, header: RunFileSamples.header)
        try writer.write(RunFileSamples.outcomes[0])
        try writer.write(RunFileSamples.outcomes[1])
        try writer.close()
        let read = RunFileSamples.read(Array(try Data(contentsOf: URL(fileURLWithPath: path))), name: path)
        #expect(read.error == nil)
        #expect(read.outcomes == Array(RunFileSamples.outcomes.prefix(2)))
        #expect(read.trailer == nil)
        let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)
        #expect(read.cutShort == .cutShort(path: path, offset: size.uint64Value, outcomes: 2))
        #expect(read.cutShort?.description == "run file \(path) is incomplete: it ends at byte \(size) without a "
                + "trailer, after 2 outcomes (the replay stopped before finishing the file); those outcomes are usable")
    }

    @Test func createdOwnerOnlyEvenWithPermissiveUmask() throws {
        let directory = try RunFileSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/private.pgr"
        let previous = umask(0)
        let writer: RunWriter
        do {
            writer = try RunWriter(path: path, header: RunFileSamples.header)
            umask(previous)
        } catch {
            umask(previous)
            throw error
        }
        try writer.finish(trailer: RunTrailer(endedAt: 0, outcomes: 0))
        #expect(try RunFileSamples.mode(path) == 0o600)
    }

    @Test func existingWorldReadableFileBecomesOwnerOnly() throws {
        let directory = try RunFileSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/existing.pgr"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x41, count: 10_000),
                                               attributes: [.posixPermissions: 0o666]))
        #expect(try RunFileSamples.mode(path) == 0o666)
        let writer = try RunWriter(path: path, header: RunFileSamples.header)
        try writer.finish(trailer: RunTrailer(endedAt: 0, outcomes: 0))
        #expect(try RunFileSamples.mode(path) == 0o600)
        let read = RunFileSamples.read(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(read.error == nil)
        #expect(read.trailer != nil)
    }

    @Test func openErrorsNameThePathAndTheReason() {
        let missing = "/nonexistent-directory-\(UUID().uuidString)/r.pgr"
        #expect(throws: RunFileError.cannotCreate(path: missing, reason: "No such file or directory")) {
            _ = try RunWriter(path: missing, header: RunFileSamples.header)
        }
        #expect(throws: RunFileError.cannotOpen(path: missing, reason: "No such file or directory")) {
            _ = try RunReader(path: missing)
        }
        #expect(RunFileError.cannotOpen(path: missing, reason: "No such file or directory").description
                == "cannot open run file \(missing): No such file or directory")
    }
}
