import TestSupport
import Testing
@testable import PGWire

@Suite struct ResynchronizationTests {
    /// A typical extended-protocol result: what a midstream capture sees.
    static let backendResult = WireBytes.message("2")
        + WireBytes.message("T") { $0.int16(1).cString("n").int32(0).int16(0).int32(23).int16(4).int32(-1).int16(0) }
        + WireBytes.dataRow([Array("7".utf8)])
        + WireBytes.commandComplete("SELECT 1")
        + WireBytes.readyForQuery("T")
    static let backendEvents: [WireEvent] = [
        .backend(.bindComplete),
        .backend(.rowDescription([FieldDescription(name: "n", tableOID: 0, columnAttribute: 0, typeOID: 23,
                                                   typeSize: 4, typeModifier: -1, format: 0)])),
        .backend(.dataRow(columnCount: 1)),
        .backend(.commandComplete(tag: "SELECT 1")),
        .backend(.readyForQuery(.inTransaction)),
    ]

    @Test func midstreamStartingOnABoundary() {
        var feeder = Feeder(.midstream)
        feeder.send(Self.backendResult, from: .backend)
        #expect(feeder.events == [.resynchronized(.backend, skippedBytes: 0)] + Self.backendEvents)
    }

    @Test func midstreamStartingInsideAMessageSkipsToTheNextBoundary() {
        // The tail of a DataRow whose beginning was before the capture; its values contain bytes
        // that look like message headers until their length or body is checked.
        let previous = WireBytes.dataRow([Array("some earlier value".utf8), nil, Array("Dx\0\0\0C\0\0\0\u{3}Z\0\0\0\u{5}Q".utf8)])
        for cut in 1..<previous.count {
            var feeder = Feeder(.midstream)
            let tail = Array(previous[cut...])
            feeder.send(tail + Self.backendResult, from: .backend)
            #expect(feeder.events == [.resynchronized(.backend, skippedBytes: tail.count)] + Self.backendEvents,
                    "cut at \(cut)")
        }
    }

    @Test func midstreamFrontendSplitAcrossChunks() {
        let bind = WireBytes.message("B") { m in
            m.cString("").cString("_pg3_0").int16(1).int16(0).int16(1).value(Array("42".utf8)).int16(1).int16(0)
        }
        let batch = bind + WireBytes.message("D") { $0.int8(UInt8(ascii: "P")).cString("") }
            + WireBytes.message("E") { $0.cString("").int32(0) } + WireBytes.message("S")
        let garbage: [UInt8] = Array("lo world', 42)\0".utf8)
        let stream = garbage + batch
        for split in 1..<stream.count {
            var feeder = Feeder(.midstream)
            feeder.send(Array(stream[..<split]), from: .frontend)
            feeder.send(Array(stream[split...]), from: .frontend)
            #expect(feeder.events.first == .resynchronized(.frontend, skippedBytes: garbage.count), "split at \(split)")
            #expect(feeder.events.count == 5, "split at \(split): \(feeder.events)")
            #expect(feeder.events.last == .frontend(.sync), "split at \(split)")
        }
    }

    @Test func singleMessageInsideAChunkIsNotEnoughProof() {
        // A Sync at the end of a chunk that did not start on a boundary could be chance: wait.
        var feeder = Feeder(.midstream)
        feeder.send([0x01, 0x02, 0x03] + WireBytes.message("S"), from: .frontend)
        #expect(feeder.events.isEmpty)
        // The next chunk continues the chain: now it is proven.
        feeder.send(WireBytes.query("COMMIT"), from: .frontend)
        #expect(feeder.events == [.resynchronized(.frontend, skippedBytes: 3), .frontend(.sync), .frontend(.query("COMMIT"))])
    }

    @Test func lostBytesMidMessageResynchronize() {
        var feeder = Feeder(.handshake)
        feeder.send(WireBytes.startup([("user", "u")]), from: .frontend)
        feeder.send(WireBytes.readyForQuery(), from: .backend)
        let row = WireBytes.dataRow([Array(repeating: 0x41, count: 100)])
        // First 30 bytes of a DataRow arrive, 40 are lost, then the rest and the next messages.
        feeder.send(Array(row[..<30]), from: .backend)
        feeder.lose(40, from: .backend)
        feeder.send(Array(row[70...]) + Self.backendResult, from: .backend)
        #expect(Array(feeder.events.dropFirst(2)) ==
                [.resynchronized(.backend, skippedBytes: 30 + row.count - 70)] + Self.backendEvents)
    }

    @Test func lostBytesOnABoundaryResynchronizeWithoutSkipping() {
        var feeder = Feeder(.handshake)
        feeder.send(WireBytes.startup([("user", "u")]), from: .frontend)
        feeder.send(WireBytes.query("SELECT 1"), from: .frontend)
        feeder.lose(500, from: .frontend)
        feeder.send(WireBytes.query("SELECT 2"), from: .frontend)
        #expect(Array(feeder.events.dropFirst(2)) == [.resynchronized(.frontend, skippedBytes: 0), .frontend(.query("SELECT 2"))])
    }

    @Test func neverProvenBytesAreReportedIncomplete() {
        var feeder = Feeder(.midstream)
        feeder.send([0x00, 0x01] + Array(WireBytes.readyForQuery().prefix(3)), from: .backend)
        feeder.finish()
        #expect(feeder.events == [.incomplete(.backend, bytes: 3)])
    }

    @Test func garbageWithoutBoundaryIsBoundedAndSkipped() {
        var feeder = Feeder(.midstream)
        var random = SplitMix64(seed: 42)
        for _ in 0..<100 {
            feeder.send((0..<1_400).map { _ in UInt8(truncatingIfNeeded: random.next()) | 0x80 }, from: .backend)
        }
        feeder.send(Self.backendResult, from: .backend)
        #expect(Array(feeder.events.suffix(5)) == Self.backendEvents)
        guard case .resynchronized(.backend, let skipped) = feeder.events.first else {
            Issue.record("expected a resynchronisation, got \(feeder.events.prefix(3))")
            return
        }
        #expect(skipped == 100 * 1_400)
    }
}

@Suite struct ResynchronizationProofTests {
    @Test func twoMessagesAndAValidHeaderProveABoundary() {
        var feeder = Feeder(.midstream)
        let partialThird = Array(WireBytes.query("SELECT 3").prefix(6))
        feeder.send([0xFF] + WireBytes.message("S") + WireBytes.query("SELECT 2") + partialThird, from: .frontend)
        #expect(feeder.events == [.resynchronized(.frontend, skippedBytes: 1), .frontend(.sync), .frontend(.query("SELECT 2"))])
        feeder.send(Array(WireBytes.query("SELECT 3").dropFirst(6)), from: .frontend)
        #expect(feeder.events.last == .frontend(.query("SELECT 3")))
    }

    @Test func longMessageAfterACandidateIsWaitedForAcrossManyChunks() {
        // One complete message, then a large one arriving in small pieces: the candidate stays
        // undecided (not skipped) until the large message completes the proof.
        let big = WireBytes.dataRow([Array(repeating: 0x61, count: 50_000)])
        let stream = [0x00, 0x00] + WireBytes.commandComplete("SELECT 1") + big + WireBytes.readyForQuery()
        var feeder = Feeder(.midstream)
        var position = 0
        while position < stream.count {
            let end = min(stream.count, position + 1_000)
            feeder.send(Array(stream[position..<end]), from: .backend)
            position = end
        }
        #expect(feeder.events == [
            .resynchronized(.backend, skippedBytes: 2), .backend(.commandComplete(tag: "SELECT 1")),
            .backend(.dataRow(columnCount: 1)), .backend(.readyForQuery(.idle)),
        ])
    }

    @Test func candidateNeedingMoreThanTheLookaheadIsRejected() {
        // A plausible 'd' header announcing 2 MiB cannot hold the search back forever.
        var feeder = Feeder(.midstream)
        feeder.send([UInt8(ascii: "d"), 0x00, 0x20, 0x00, 0x00] + WireBytes.message("S") + WireBytes.message("S"),
                     from: .frontend)
        #expect(feeder.events == [.resynchronized(.frontend, skippedBytes: 5), .frontend(.sync), .frontend(.sync)])
    }
}
