import Capture
import Testing

@Suite struct TCPStreamTrackerTests {
    typealias Harness = TrackerHarness
    let c2s = StreamDirection.clientToServer
    let s2c = StreamDirection.serverToClient

    /// Client ISN 1000 (data from 1001), server ISN 5000 (data from 5001).
    func handshake(_ harness: inout Harness) {
        harness.client(1000, [.syn])
        harness.server(5000, ack: 1001, [.syn, .ack])
        harness.client(1001, ack: 5001)
    }

    @Test func inOrderConversationWithHandshakeAndFin() {
        var h = Harness()
        handshake(&h)
        h.client(1001, ack: 5001, [.ack, .psh], "hello")
        h.server(5001, ack: 1006, [.ack, .psh], "world!")
        h.client(1006, ack: 5007, [.fin, .ack])
        #expect(h.tracker.openConnectionCount == 1)
        h.server(5007, ack: 1007, [.fin, .ack])
        h.client(1007, ack: 5008)  // the last ACK: absorbed, no phantom connection
        #expect(h.take() == [
            .opened(1, client: h.client, server: h.server, sawHandshake: true),
            .data(1, c2s, "hello"),
            .data(1, s2c, "world!"),
            .closed(1, .fin),
        ])
        #expect(h.tracker.openConnectionCount == 0)
        let stats = h.tracker.statistics
        #expect(stats.connections == 1 && stats.connectionsWithHandshake == 1 && stats.closedByFin == 1)
        #expect(stats.segments == 8 && stats.segmentsAfterClose == 1)
        #expect(stats.deliveredBytes == 11 && stats.payloadBytes == 11 && stats.gaps == 0)
    }

    @Test func handshakeAloneOpensAConnection() {
        var h = Harness()
        handshake(&h)
        #expect(h.take() == [.opened(1, client: h.client, server: h.server, sawHandshake: true)])
        h.finish()
        #expect(h.take() == [.closed(1, .endOfCapture)])
    }

    @Test func outOfOrderSegmentsAreBufferedAndDeliveredInOrder() {
        var h = Harness()
        handshake(&h)
        h.client(1001, ack: 5001, [.ack], "abc")
        h.client(1007, ack: 5001, [.ack], "ghi")
        h.client(1010, ack: 5001, [.ack], "jkl")
        #expect(h.stream(1, c2s) == "abc")
        h.client(1004, ack: 5001, [.ack], "def")
        #expect(h.stream(1, c2s) == "abcdefghijkl")
        #expect(h.tracker.statistics.outOfOrderSegments == 2)
        #expect(h.tracker.statistics.peakBufferedBytes == 6)
        #expect(h.tracker.statistics.gaps == 0)
    }

    @Test func retransmissionsAreDeliveredOnce() {
        var h = Harness()
        handshake(&h)
        h.client(1001, ack: 5001, [.ack], "abc")
        h.client(1001, ack: 5001, [.ack], "abc")
        h.client(1004, ack: 5001, [.ack], "def")
        h.client(1004, ack: 5001, [.ack], "def")
        #expect(h.stream(1, c2s) == "abcdef")
        #expect(h.tracker.statistics.retransmittedSegments == 2)
        #expect(h.tracker.statistics.duplicateBytes == 6)
    }

    @Test func partialOverlapKeepsTheFirstCopy() {
        var h = Harness()
        handshake(&h)
        h.client(1001, ack: 5001, [.ack], "abcdef")
        h.client(1004, ack: 5001, [.ack], "DEFghi")  // 3 old bytes, 3 new
        #expect(h.stream(1, c2s) == "abcdefghi")
        // Buffered data wins over a later in-order copy of the same range.
        h.client(1013, ack: 5001, [.ack], "XYZ")      // out of order: 1013..1016
        h.client(1012, ack: 5001, [.ack], "Qxy")      // out of order too; only "Q" (1012) is new
        h.client(1010, ack: 5001, [.ack], "jkqxyz45") // in order 1010..1018: "jk" new, 1012..1016 buffered, "45" new
        #expect(h.stream(1, c2s) == "abcdefghijkQXYZ45")
        #expect(h.tracker.statistics.overlappingSegments == 3)
        #expect(h.tracker.statistics.duplicateBytes == 3 + 2 + 4)
    }

    @Test func sequenceNumbersWrapAround() {
        var h = Harness()
        h.client(0xFFFF_FFF8, [.syn])
        h.server(77, ack: 0xFFFF_FFF9, [.syn, .ack])
        h.client(0xFFFF_FFF9, ack: 78, [.ack], "0123456")   // 0xFFFFFFF9 ... 0xFFFFFFFF
        h.client(0x0000_0003, ack: 78, [.ack], "BCD")       // 3 ... 5, after the wrap, out of order
        h.client(0x0000_0000, ack: 78, [.ack], "7A")        // 0 ... 1
        h.client(0x0000_0002, ack: 78, [.ack], "x")         // 2
        #expect(h.stream(1, c2s) == "01234567AxBCD")
        #expect(h.tracker.statistics.gaps == 0)
        h.client(0x0000_0006, ack: 78, [.fin, .ack])
        h.server(78, ack: 7, [.fin, .ack])
        #expect(h.events.last == .closed(1, .fin))
    }

    @Test func lossBecomesAGapWhenThePeerAcknowledgesPastIt() {
        var h = Harness()
        handshake(&h)
        h.client(1001, ack: 5001, [.ack], "abc")
        h.client(1011, ack: 5001, [.ack], "klm")  // 1004..1011 never captured
        #expect(h.stream(1, c2s) == "abc")
        h.server(5001, ack: 1008, [.ack])         // the server got bytes up to 1008: 4 of the 7 are lost for sure
        #expect(h.stream(1, c2s) == "abc<gap 4>")
        h.server(5001, ack: 1014, [.ack])
        #expect(h.stream(1, c2s) == "abc<gap 4><gap 3>klm")
        h.client(1014, ack: 5001, [.ack], "nop")
        #expect(h.stream(1, c2s) == "abc<gap 4><gap 3>klmnop")
        #expect(h.tracker.statistics.gaps == 2 && h.tracker.statistics.gapBytes == 7)
    }

    @Test func acknowledgementWithoutBufferedDataDeclaresNothingYet() {
        var h = Harness()
        handshake(&h)
        h.client(1001, ack: 5001, [.ack], "abc")
        h.server(5001, ack: 1010, [.ack])  // bytes 1004..1010 lost, but nothing follows them yet
        #expect(h.stream(1, c2s) == "abc")
        h.client(1010, ack: 5001, [.ack], "jk")
        #expect(h.stream(1, c2s) == "abc<gap 6>jk")
    }

    @Test func holesLeftAtTheEndAreFlushedAsGaps() {
        var h = Harness()
        handshake(&h)
        h.server(5001, ack: 1001, [.ack], "R")
        h.server(5005, ack: 1001, [.ack], "xyz")
        h.server(5010, ack: 1001, [.ack], "!")
        h.finish()
        #expect(h.stream(1, s2c) == "R<gap 3>xyz<gap 2>!")
        #expect(h.events.last == .closed(1, .endOfCapture))
        #expect(h.tracker.statistics.closedAtEndOfCapture == 1)
    }

    @Test func bufferLimitForcesAGap() {
        var h = Harness(bufferLimit: 8)
        handshake(&h)
        h.client(1001, ack: 5001, [.ack], "ab")
        h.client(1010, ack: 5001, [.ack], "12345")
        #expect(h.stream(1, c2s) == "ab")
        h.client(1015, ack: 5001, [.ack], "6789")  // 9 bytes buffered > 8
        #expect(h.stream(1, c2s) == "ab<gap 7>123456789")
        #expect(h.tracker.statistics.bufferOverflows == 1)
        h.client(1003, ack: 5001, [.ack], "too late")  // the hole's bytes after the gap: dropped
        #expect(h.stream(1, c2s) == "ab<gap 7>123456789")
    }

    @Test func snapshotLengthCutsBecomeGaps() {
        var h = Harness()
        handshake(&h)
        h.client(1001, ack: 5001, [.ack], "abc", missing: 5)
        h.client(1009, ack: 5001, [.ack], "ijk")
        h.client(1015, ack: 5001, [.ack], "op", missing: 2)  // out of order, then cut
        h.client(1012, ack: 5001, [.ack], "lmn")
        h.client(1019, ack: 5001, [.ack], "st")
        #expect(h.stream(1, c2s) == "abc<gap 5>ijklmnop<gap 2>st")
        #expect(h.tracker.statistics.truncatedSegments == 2)
    }

    @Test func connectionsAlreadyOpenStartAtTheirFirstSegment() {
        var h = Harness()
        h.server(777_000, ack: 123_000, [.ack, .psh], "Z")
        h.client(123_000, ack: 777_001, [.ack, .psh], "Q....")
        h.server(777_001, ack: 123_005, [.ack, .psh], "T")
        #expect(h.take() == [
            .opened(1, client: h.client, server: h.server, sawHandshake: false),
            .data(1, s2c, "Z"),
            .data(1, c2s, "Q...."),
            .data(1, s2c, "T"),
        ])
        #expect(h.tracker.statistics.connectionsWithHandshake == 0)
    }

    @Test func aKeepAliveBeforeTheFirstDataDoesNotShiftTheStream() {
        var h = Harness()
        h.client(122_999, ack: 777_000, [.ack])          // keep-alive: one below the next byte, no data
        h.server(777_000, ack: 123_000, [.ack])
        h.client(123_000, ack: 777_000, [.ack, .psh], "Q1")
        h.server(777_000, ack: 123_002, [.ack, .psh], "C1")
        #expect(h.stream(1, c2s) == "Q1")
        #expect(h.stream(1, s2c) == "C1")
        #expect(h.tracker.statistics.gaps == 0)
    }

    @Test func finInOneDirectionLeavesTheOtherOpen() {
        var h = Harness()
        handshake(&h)
        h.client(1001, ack: 5001, [.ack, .fin], "X")
        h.server(5001, ack: 1003, [.ack], "still talking")
        h.client(1002, ack: 5001, [.ack], "after fin")  // beyond the FIN: dropped
        #expect(h.stream(1, s2c) == "still talking")
        #expect(h.stream(1, c2s) == "X")
        #expect(!h.events.contains(.closed(1, .fin)))
        h.server(5014, ack: 1003, [.ack, .fin])
        #expect(h.events.last == .closed(1, .fin))
    }

    @Test func closeWaitsForDataBeforeAnEarlyFin() {
        var h = Harness()
        handshake(&h)
        h.server(5001, ack: 1001, [.ack, .fin])       // server done first
        h.client(1004, ack: 5002, [.ack, .fin], "def") // client FIN arrives before its earlier data
        #expect(!h.events.contains(.closed(1, .fin)))
        h.client(1001, ack: 5002, [.ack], "abc")
        #expect(h.take().suffix(3) == [.data(1, c2s, "abc"), .data(1, c2s, "def"), .closed(1, .fin)])
    }

    @Test func resetClosesAfterFlushingBufferedData() {
        var h = Harness()
        handshake(&h)
        h.client(1001, ack: 5001, [.ack], "ab")
        h.client(1005, ack: 5001, [.ack], "ef")
        h.server(5001, ack: 1003, [.rst, .ack])
        #expect(h.take().suffix(4) == [.data(1, c2s, "ab"), .gap(1, c2s, 2), .data(1, c2s, "ef"), .closed(1, .reset)])
        #expect(h.tracker.statistics.closedByReset == 1)
        h.client(1007, ack: 5001, [.ack], "late")
        #expect(h.take().isEmpty)
    }

    @Test func portReuseAfterCloseIsANewConnection() {
        var h = Harness()
        handshake(&h)
        h.client(1001, ack: 5001, [.ack, .fin])
        h.server(5001, ack: 1002, [.ack, .fin])
        h.client(1002, ack: 5002)
        h.client(90_000, [.syn])
        h.server(60_000, ack: 90_001, [.syn, .ack])
        h.client(90_001, ack: 60_001, [.ack, .psh], "again")
        #expect(h.take() == [
            .opened(1, client: h.client, server: h.server, sawHandshake: true),
            .closed(1, .fin),
            .opened(2, client: h.client, server: h.server, sawHandshake: true),
            .data(2, c2s, "again"),
        ])
    }

    @Test func aNewSynOnAnOpenTupleSupersedesTheOldConnection() {
        var h = Harness()
        handshake(&h)
        h.client(1001, [.syn])  // a retransmitted SYN would carry ISN 1000: this one is different
        #expect(h.take().suffix(2) == [
            .closed(1, .superseded),
            .opened(2, client: h.client, server: h.server, sawHandshake: true),
        ])
        h.client(1001, [.syn])  // now a retransmission of connection 2's SYN: nothing new
        #expect(h.take().isEmpty)
        #expect(h.tracker.statistics.supersededConnections == 1)
    }

    @Test func onlyPostgresTrafficIsTracked() {
        var h = Harness(serverPorts: [5432], serverHosts: [.v4(0x0A00_0002)])
        h.sendRaw(source: Endpoint(address: .v4(1), port: 1234), destination: Endpoint(address: .v4(2), port: 80),
                  sequence: 1, acknowledgment: 0, flags: [.syn], bytes: [])
        h.sendRaw(source: Endpoint(address: .v4(1), port: 1234), destination: Endpoint(address: .v4(3), port: 5432),
                  sequence: 1, acknowledgment: 0, flags: [.syn], bytes: [])  // right port, other host
        #expect(h.take().isEmpty)
        #expect(h.tracker.statistics.ignoredSegments == 2)
        handshake(&h)
        #expect(h.take() == [.opened(1, client: h.client, server: h.server, sawHandshake: true)])
    }

    @Test func ipv6AndBothSidesOnServerPorts() {
        var h = Harness(serverPorts: [5432, 6432])
        h.client = Endpoint(address: .v6(0xFE80_0000_0000_0000, 1), port: 6432)
        h.server = Endpoint(address: .v6(0xFE80_0000_0000_0000, 2), port: 5432)
        handshake(&h)  // both ports are server ports: the SYN's destination is the server
        h.server(5001, ack: 1001, [.ack], "S")
        h.client(1001, ack: 5002, [.ack], "Q")
        #expect(h.take() == [
            .opened(1, client: h.client, server: h.server, sawHandshake: true),
            .data(1, s2c, "S"),
            .data(1, c2s, "Q"),
        ])
    }

    @Test func manyConnectionsKeepTheirOwnStreams() {
        var h = Harness()
        for index in 0..<50 {
            h.client = Endpoint(address: .v4(0x0A00_0001), port: UInt16(30000 + index))
            handshake(&h)
            h.client(1001, ack: 5001, [.ack], "conn\(index)")
        }
        h.finish()
        for index in 0..<50 {
            #expect(h.stream(UInt32(index + 1), c2s) == "conn\(index)")
        }
        #expect(h.tracker.statistics.connections == 50 && h.tracker.statistics.closedAtEndOfCapture == 50)
    }
}
