import Foundation
import Testing
@testable import RunFile
import Workload

@Suite struct RunMergerTests {
    private static let start = RunFileSamples.start

    private func shardHeader(_ index: UInt32, of count: UInt32, startedAt: Int64? = nil, host: String = "",
                             hash: UInt64 = 0xABCD, speed: Double = 1, filters: [String] = []) -> RunHeader {
        RunHeader(toolVersion: "0.2.0", workloadPath: "prod.pgw", workloadHash: hash, workloadRequests: 100,
                  target: "host=db", serverVersion: "15.18", speed: speed, shardIndex: index, shardCount: count,
                  filters: filters, startedAt: startedAt ?? Self.start + Int64(index), captureStart: Self.start - 1_000,
                  hostName: host)
    }

    private func outcome(session: UInt32, sequence: UInt32, at offset: Int64) -> ReplayOutcome {
        ReplayOutcome(session: session, sequence: sequence, status: .executed, scheduledAt: Self.start + offset,
                      sentAt: Self.start + offset + 10, completedAt: Self.start + offset + 500,
                      commandTags: ["SELECT 1"], rows: 1, dataRows: 1, transactionStatus: 0x49,
                      orderedChecksum: UInt64(session), unorderedChecksum: UInt64(sequence))
    }

    /// Writes a run file; `trailer` nil leaves it cut short.
    private func write(_ path: String, _ header: RunHeader, _ outcomes: [ReplayOutcome], trailer: RunTrailer?) throws {
        let writer = try RunWriter(path: path, header: header)
        for outcome in outcomes {
            try writer.write(outcome)
        }
        if let trailer {
            try writer.finish(trailer: trailer)
        } else {
            try writer.close()
        }
    }

    private func readAll(_ path: String) throws -> (RunReader, [ReplayOutcome]) {
        let reader = try RunReader(path: path)
        var outcomes: [ReplayOutcome] = []
        while let outcome = try reader.next() {
            outcomes.append(outcome)
        }
        return (reader, outcomes)
    }

    @Test func twoShardsMergeIntoOneRun() throws {
        let directory = try RunFileSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let shard0 = [outcome(session: 1, sequence: 1, at: 100), outcome(session: 1, sequence: 2, at: 300),
                      outcome(session: 3, sequence: 1, at: 350)]
        let shard1 = [outcome(session: 2, sequence: 1, at: 50), outcome(session: 2, sequence: 2, at: 300),
                      outcome(session: 4, sequence: 1, at: 900)]
        try write(directory + "/s1.pgr", shardHeader(1, of: 2, startedAt: Self.start + 5, host: "b"), shard1,
                  trailer: RunTrailer(endedAt: Self.start + 2_000, outcomes: 3, interrupted: true,
                                      summaryJSON: "{\"executed\":3}"))
        try write(directory + "/s0.pgr", shardHeader(0, of: 2, startedAt: Self.start + 7, host: "a"), shard0,
                  trailer: RunTrailer(endedAt: Self.start + 1_000, outcomes: 3, summaryJSON: "not json"))

        let output = directory + "/merged.pgr"
        let result = try RunMerger.merge([directory + "/s1.pgr", directory + "/s0.pgr"], into: output)
        let (reader, outcomes) = try readAll(output)

        var expectedHeader = shardHeader(0, of: 1, startedAt: Self.start + 5, host: "a, b")
        expectedHeader.mergedShards = []
        #expect(reader.header == expectedHeader)
        #expect(result.header == expectedHeader)
        // k-way merge by schedule, ties by session.
        #expect(outcomes.map { [$0.session, $0.sequence] } == [[2, 1], [1, 1], [1, 2], [2, 2], [3, 1], [4, 1]])
        #expect(Set(outcomes.map { "\($0)" }) == Set((shard0 + shard1).map { "\($0)" }))
        let trailer = try #require(reader.trailer)
        #expect(trailer.endedAt == Self.start + 2_000)
        #expect(trailer.outcomes == 6)
        #expect(trailer.interrupted)
        #expect(trailer.summaryJSON == "{\"inputs\":[{\"shards\":[0],\"summary\":\"not json\"},"
                + "{\"shards\":[1],\"summary\":{\"executed\":3}}],\"merged_shards\":[0,1],\"shard_count\":2}")
        #expect((try? JSONSerialization.jsonObject(with: Data(trailer.summaryJSON.utf8))) != nil)
        #expect(result.trailer == trailer)
        #expect(result.outcomes == 6)
        #expect(result.incompleteInputs.isEmpty)
        #expect(try RunFileSamples.mode(output) == 0o600)
    }

    /// The replayer's own lag of a merged run is read from the shape the merger writes: its worst shard's.
    @Test func aMergedTrailerGivesItsWorstShardsReplayerLag() {
        let shards = [(0.4, UInt32(0)), (6.5, 1), (0.2, 2)].map { lag, index in
            (header: shardHeader(index, of: 3), trailer: RunTrailer(endedAt: Self.start, outcomes: 1,
                                                                  summaryJSON: "{\"replayer_lag_p99_ms\":\(lag)}"))
        }
        #expect(shards[1].trailer.replayerLagP99Ms == 6.5)
        #expect(RunMerger.mergedTrailer(shards, outcomes: 3).replayerLagP99Ms == 6.5)
        #expect(RunTrailer(endedAt: 0, outcomes: 0, summaryJSON: "{\"send_lag_p99_ms\":9}").replayerLagP99Ms == nil)
        #expect(RunTrailer(endedAt: 0, outcomes: 0, summaryJSON: "not json").replayerLagP99Ms == nil)
    }

    /// The merged run carries every input's statement texts and the first input's capture summary,
    /// before its first outcome; a statement an input holds after an outcome is still carried.
    @Test func mergedRunCarriesTheUnionOfStatementsAndTheFirstCaptureSummary() throws {
        let directory = try RunFileSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try RunWriter(path: directory + "/s1.pgr", header: shardHeader(1, of: 2))
        try first.write(captureSummary: "{\"capture\":1}")
        try first.write(statement: Statement(fingerprint: 2, normalizedText: "SELECT b"))
        try first.write(statement: Statement(fingerprint: 1, normalizedText: "SELECT a"))
        try first.write(outcome(session: 2, sequence: 1, at: 10))
        try first.finish(trailer: RunTrailer(endedAt: Self.start + 100, outcomes: 1))
        let second = try RunWriter(path: directory + "/s0.pgr", header: shardHeader(0, of: 2))
        try second.write(captureSummary: "{\"capture\":0}")
        try second.write(statement: Statement(fingerprint: 2, normalizedText: "SELECT other"))
        try second.write(statement: Statement(fingerprint: 3, normalizedText: "SELECT c"))
        try second.write(outcome(session: 1, sequence: 1, at: 5))
        try second.write(statement: Statement(fingerprint: 4, normalizedText: "SELECT late"))
        try second.write(outcome(session: 1, sequence: 2, at: 20))
        try second.finish(trailer: RunTrailer(endedAt: Self.start + 100, outcomes: 2))

        let output = directory + "/merged.pgr"
        let result = try RunMerger.merge([directory + "/s1.pgr", directory + "/s0.pgr"], into: output)
        #expect(result.outcomes == 3)
        let reader = try RunReader(path: output)
        _ = try #require(try reader.next())
        // The records every input held before its first outcome come before the merged first outcome.
        #expect(reader.statements == [1: "SELECT a", 2: "SELECT b", 3: "SELECT c"])
        #expect(reader.captureSummaryJSON == "{\"capture\":1}")
        while try reader.next() != nil {}
        #expect(reader.sawTrailer)
        #expect(reader.statements == [1: "SELECT a", 2: "SELECT b", 3: "SELECT c", 4: "SELECT late"])

        // Ascending fingerprints right after the header, then the outcomes, the late one last.
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: output)))
        var types: [UInt8] = []
        var position = 8
        while position + 5 <= bytes.count {
            types.append(bytes[position])
            let length = bytes[(position + 1)..<(position + 5)].reversed().reduce(0) { $0 << 8 | Int($1) }
            position += 9 + length
        }
        #expect(types == [0x48, 0xC3, 0xCE, 0xCE, 0xCE, 0x4F, 0x4F, 0x4F, 0xCE, 0x54])
    }

    /// Inputs without the records (written by an older pgrehearse) merge into a run without them.
    @Test func inputsWithoutStatementsMergeWithoutThem() throws {
        let directory = try RunFileSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try write(directory + "/a.pgr", shardHeader(0, of: 2), [outcome(session: 1, sequence: 1, at: 0)],
                  trailer: RunTrailer(endedAt: 1, outcomes: 1))
        try write(directory + "/b.pgr", shardHeader(1, of: 2), [], trailer: RunTrailer(endedAt: 1, outcomes: 0))
        let output = directory + "/m.pgr"
        try RunMerger.merge([directory + "/a.pgr", directory + "/b.pgr"], into: output)
        let (reader, outcomes) = try readAll(output)
        #expect(outcomes.count == 1)
        #expect(reader.statements.isEmpty)
        #expect(reader.captureSummaryJSON == nil)
    }

    @Test func someShardsKeepTheirListAndMergeLaterWithTheRest() throws {
        let directory = try RunFileSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for index in 0..<3 as Range<UInt32> {
            try write(directory + "/s\(index).pgr", shardHeader(index, of: 3),
                      [outcome(session: index + 1, sequence: 1, at: Int64(index))],
                      trailer: RunTrailer(endedAt: Self.start + 10, outcomes: 1))
        }
        let partial = directory + "/partial.pgr"
        try RunMerger.merge([directory + "/s2.pgr", directory + "/s0.pgr"], into: partial)
        let (partialReader, partialOutcomes) = try readAll(partial)
        #expect(partialReader.header.shardIndex == 0)
        #expect(partialReader.header.shardCount == 3)
        #expect(partialReader.header.mergedShards == [0, 2])
        #expect(partialReader.header.shards == [0, 2])
        #expect(partialOutcomes.count == 2)

        // The partial merge plus the missing shard is the whole replay.
        let whole = directory + "/whole.pgr"
        try RunMerger.merge([partial, directory + "/s1.pgr"], into: whole)
        let (wholeReader, wholeOutcomes) = try readAll(whole)
        #expect(wholeReader.header.shardIndex == 0)
        #expect(wholeReader.header.shardCount == 1)
        #expect(wholeReader.header.mergedShards.isEmpty)
        #expect(wholeOutcomes.map(\.session) == [1, 2, 3])

        // Shard 2 is in the partial merge already.
        #expect(throws: RunFileError.duplicateShard(shard: 2, path: partial, otherPath: directory + "/s2.pgr")) {
            try RunMerger.merge([partial, directory + "/s2.pgr"], into: directory + "/again.pgr")
        }
    }

    @Test func differentWorkloadsAreRefusedAndNothingIsWritten() throws {
        let directory = try RunFileSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try write(directory + "/a.pgr", shardHeader(0, of: 2), [], trailer: RunTrailer(endedAt: 1, outcomes: 0))
        try write(directory + "/b.pgr", shardHeader(1, of: 2, hash: 0x9999), [], trailer: RunTrailer(endedAt: 1, outcomes: 0))
        let output = directory + "/merged.pgr"
        let expected = RunFileError.differentWorkloads(path: directory + "/a.pgr", otherPath: directory + "/b.pgr")
        #expect(throws: expected) {
            try RunMerger.merge([directory + "/a.pgr", directory + "/b.pgr"], into: output)
        }
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(expected.description == "cannot merge \(directory)/a.pgr and \(directory)/b.pgr: "
                + "they are replays of different workload files")
    }

    @Test func aShardGivenTwiceIsRefused() throws {
        let directory = try RunFileSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try write(directory + "/a.pgr", shardHeader(1, of: 2), [], trailer: RunTrailer(endedAt: 1, outcomes: 0))
        try write(directory + "/b.pgr", shardHeader(1, of: 2), [], trailer: RunTrailer(endedAt: 1, outcomes: 0))
        let error = RunFileError.duplicateShard(shard: 1, path: directory + "/a.pgr", otherPath: directory + "/b.pgr")
        #expect(throws: error) {
            try RunMerger.merge([directory + "/a.pgr", directory + "/b.pgr"], into: directory + "/m.pgr")
        }
        #expect(error.description == "cannot merge: shard index 1 is in both \(directory)/a.pgr and \(directory)/b.pgr; give each shard once")
        // The same file twice is the same shard twice.
        #expect(throws: RunFileError.duplicateShard(shard: 1, path: directory + "/a.pgr", otherPath: directory + "/a.pgr")) {
            try RunMerger.merge([directory + "/a.pgr", directory + "/a.pgr"], into: directory + "/m.pgr")
        }
    }

    @Test func incompatibleHeadersAreRefused() throws {
        let a = (path: "a.pgr", header: shardHeader(0, of: 2))
        #expect(throws: RunFileError.differentShardCounts(path: "a.pgr", count: 2, otherPath: "b.pgr", otherCount: 3)) {
            _ = try RunMerger.mergedHeader([a, (path: "b.pgr", header: shardHeader(1, of: 3))])
        }
        #expect(throws: RunFileError.differentOptions(path: "a.pgr", otherPath: "b.pgr", option: "speeds (1.0 and 2.0)")) {
            _ = try RunMerger.mergedHeader([a, (path: "b.pgr", header: shardHeader(1, of: 2, speed: 2))])
        }
        #expect(throws: RunFileError.differentOptions(path: "a.pgr", otherPath: "b.pgr", option: "filters (none and read_only)")) {
            _ = try RunMerger.mergedHeader([a, (path: "b.pgr", header: shardHeader(1, of: 2, filters: ["read_only"]))])
        }
        #expect(throws: RunFileError.invalidShard(path: "b.pgr", shard: 2, count: 2)) {
            _ = try RunMerger.mergedHeader([a, (path: "b.pgr", header: shardHeader(2, of: 2))])
        }
        #expect(throws: RunFileError.nothingToMerge) { _ = try RunMerger.mergedHeader([]) }
        #expect(throws: RunFileError.nothingToMerge) { try RunMerger.merge([], into: "/tmp/never-written.pgr") }
    }

    @Test func outputThatIsAnInputIsRefusedBeforeAnythingIsTouched() throws {
        let directory = try RunFileSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try write(directory + "/a.pgr", shardHeader(0, of: 2), [outcome(session: 1, sequence: 1, at: 0)],
                  trailer: RunTrailer(endedAt: 1, outcomes: 1))
        try write(directory + "/b.pgr", shardHeader(1, of: 2), [], trailer: RunTrailer(endedAt: 1, outcomes: 0))
        let before = try Data(contentsOf: URL(fileURLWithPath: directory + "/a.pgr"))
        #expect(throws: RunFileError.outputIsInput(path: directory + "/./a.pgr")) {
            try RunMerger.merge([directory + "/a.pgr", directory + "/b.pgr"], into: directory + "/./a.pgr")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/a.pgr")) == before)
    }

    /// A shard cut short: everything it holds is merged, and the merged file is cut short too.
    @Test func cutShortShardGivesCutShortMerge() throws {
        let directory = try RunFileSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try write(directory + "/a.pgr", shardHeader(0, of: 2), [outcome(session: 1, sequence: 1, at: 0)],
                  trailer: RunTrailer(endedAt: 1, outcomes: 1))
        try write(directory + "/b.pgr", shardHeader(1, of: 2),
                  [outcome(session: 2, sequence: 1, at: 1), outcome(session: 2, sequence: 2, at: 2)], trailer: nil)
        let output = directory + "/m.pgr"
        let result = try RunMerger.merge([directory + "/a.pgr", directory + "/b.pgr"], into: output)
        #expect(result.incompleteInputs == [directory + "/b.pgr"])
        #expect(result.trailer == nil)
        #expect(result.outcomes == 3)
        let (reader, outcomes) = try readAll(output)
        #expect(outcomes.count == 3)
        #expect(!reader.sawTrailer)
        #expect(reader.cutShort != nil)
    }

    /// A corrupt shard stops the merge with its error, and no half-merged file is left.
    @Test func corruptShardStopsTheMergeAndRemovesTheOutput() throws {
        let directory = try RunFileSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try write(directory + "/a.pgr", shardHeader(0, of: 2), [outcome(session: 1, sequence: 1, at: 0)],
                  trailer: RunTrailer(endedAt: 1, outcomes: 1))
        try write(directory + "/b.pgr", shardHeader(1, of: 2),
                  [outcome(session: 2, sequence: 1, at: 1), outcome(session: 2, sequence: 2, at: 2)],
                  trailer: RunTrailer(endedAt: 1, outcomes: 2))
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/b.pgr")))
        bytes[bytes.count - 20] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/b.pgr"))
        let output = directory + "/m.pgr"
        #expect {
            try RunMerger.merge([directory + "/a.pgr", directory + "/b.pgr"], into: output)
        } throws: { error in
            guard case .corrupt(let path, _, _) = error as? RunFileError else { return false }
            return path == directory + "/b.pgr"
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
