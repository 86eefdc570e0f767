import TestSupport
import Testing
@testable import PGWire

/// Bad input must end in `.stopped` with a reason, never a trap, a hang or a guessed message.
@Suite struct RobustnessTests {
    static func stopReason(_ events: [WireEvent]) -> String? {
        for event in events { if case .stopped(_, let reason) = event { return reason } }
        return nil
    }

    @Test func tooShortLengthStopsWithOffset() throws {
        let events = decodeAll(WireBytes.query("SELECT 1") + [UInt8(ascii: "Q"), 0, 0, 0, 2], from: .frontend)
        #expect(events.first == .frontend(.query("SELECT 1")))
        let reason = try #require(Self.stopReason(events))
        #expect(reason == "frontend: invalid message length 2 for type 'Q' at stream offset \(WireBytes.startup([("user", "u")]).count + WireBytes.query("SELECT 1").count)")
    }

    @Test func fixedSizeMessageWithWrongLengthStops() throws {
        let reason = try #require(Self.stopReason(decodeAll([UInt8(ascii: "Z"), 0, 0, 0, 6, 0x49, 0], from: .backend)))
        #expect(reason.hasPrefix("backend: invalid message length 6 for type 'Z'"))
    }

    @Test func absurdLengthStopsBeforeBuffering() throws {
        let reason = try #require(Self.stopReason(decodeAll([UInt8(ascii: "D"), 0x7F, 0xFF, 0xFF, 0xFF], from: .backend)))
        #expect(reason.contains("invalid message length 2147483647 for type 'D'"))
        let control = try #require(Self.stopReason(decodeAll([UInt8(ascii: "C"), 0, 1, 0, 0], from: .backend)))
        #expect(control.contains("invalid message length 65536 for type 'C'"))
    }

    @Test func unknownTypeLetterStops() throws {
        let reason = try #require(Self.stopReason(decodeAll([0x17, 3, 3, 0, 10], from: .frontend)))
        #expect(reason == "frontend: unknown frontend message type 0x17 at stream offset 16")
        // 'Z' is a backend letter only.
        #expect(Self.stopReason(decodeAll(WireBytes.readyForQuery(), from: .frontend)) != nil)
    }

    @Test func fieldsThatDoNotParseStop() throws {
        let malformed: [(String, [UInt8], Sender)] = [
            ("Query without NUL", WireBytes.message("Q") { $0.raw(Array("SELECT".utf8)) }, .frontend),
            ("Bind with parameter count beyond body", WireBytes.message("B") { $0.cString("").cString("").int16(0).int16(500) }, .frontend),
            ("Bind with negative value length", WireBytes.message("B") { $0.cString("").cString("").int16(0).int16(1).int32(-5).int16(0) }, .frontend),
            ("Describe with bad selector", WireBytes.message("D") { $0.int8(UInt8(ascii: "X")).cString("a") }, .frontend),
            ("DataRow with value longer than body", WireBytes.message("D") { $0.int16(1).int32(100).raw([1, 2]) }, .backend),
            ("DataRow with trailing bytes", WireBytes.message("D") { $0.int16(0).raw([1]) }, .backend),
            ("ReadyForQuery with bad status", WireBytes.message("Z") { $0.int8(UInt8(ascii: "Q")) }, .backend),
            ("Authentication with unknown code", WireBytes.message("R") { $0.int32(99) }, .backend),
            ("ErrorResponse without terminator", WireBytes.message("E") { $0.int8(UInt8(ascii: "M")).cString("x") }, .backend),
            ("RowDescription with negative count", WireBytes.message("T") { $0.int16(-1) }, .backend),
        ]
        for (name, bytes, sender) in malformed {
            var feeder = Feeder(.handshake)
            feeder.send(WireBytes.startup([("user", "u")]), from: .frontend)
            feeder.send(bytes, from: sender)
            let events = Array(feeder.events.dropFirst())
            #expect(events.count == 1, "\(name): \(events)")
            let reason = Self.stopReason(events)
            #expect(reason?.hasPrefix("\(sender): ") == true && reason?.contains("at stream offset") == true, "\(name): \(events)")
            #expect(feeder.decoder.isStopped, "\(name)")
            feeder.send(WireBytes.query("SELECT 1"), from: .frontend)
            feeder.send(WireBytes.readyForQuery(), from: .backend)
            feeder.finish()
            #expect(feeder.events.count == 2, "\(name): decoding went on after the stop")
        }
    }

    @Test func randomInputNeverTraps() {
        var random = SplitMix64(seed: 0x5EED)
        let valid = FrontendMessageTests.cases.flatMap(\.bytes)
        let validBackend = BackendMessageTests.cases.flatMap(\.bytes)
        var decodedMessages = 0
        for iteration in 0..<2_000 {
            let sender: Sender = random.next() % 2 == 0 ? .frontend : .backend
            var stream: [UInt8]
            switch iteration % 3 {
            case 0:
                // Pure garbage.
                stream = (0..<Int(random.next() % 600)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            case 1:
                // A valid stream with a few bytes flipped.
                stream = sender == .frontend ? valid : validBackend
                for _ in 0..<(1 + random.next() % 4) {
                    stream[Int(random.next() % UInt64(stream.count))] = UInt8(truncatingIfNeeded: random.next())
                }
            default:
                // A valid stream cut at a random place, with a random prefix.
                let base = sender == .frontend ? valid : validBackend
                let prefix = (0..<Int(random.next() % 40)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                stream = prefix + Array(base[Int(random.next() % UInt64(base.count))...])
            }
            let start: ConnectionDecoder.Start = random.next() % 3 == 0 ? .handshake : .midstream
            var feeder = Feeder(start)
            if start == .handshake && random.next() % 2 == 0 {
                feeder.send(WireBytes.startup([("user", "u")]), from: .frontend)
            }
            var position = 0
            while position < stream.count {
                let size = min(stream.count - position, 1 + Int(random.next() % 200))
                feeder.send(Array(stream[position..<(position + size)]), from: sender)
                position += size
                if random.next() % 25 == 0 { feeder.lose(Int(random.next() % 50), from: sender) }
            }
            feeder.finish()
            // Nothing may follow a stop, and each event accounts for at least one input byte.
            if let stopIndex = feeder.events.firstIndex(where: { if case .stopped = $0 { true } else { false } }) {
                #expect(stopIndex == feeder.events.count - 1, "iteration \(iteration)")
            }
            #expect(feeder.events.count <= stream.count + 64, "iteration \(iteration)")
            decodedMessages += feeder.events.filter { if case .backend = $0 { true } else if case .frontend = $0 { true } else { false } }.count
        }
        // The mutated and cut valid streams must still produce messages: the fuzz loop exercises decoding.
        #expect(decodedMessages > 1_000)
    }
}
