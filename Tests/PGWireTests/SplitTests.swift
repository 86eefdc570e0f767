import Testing
@testable import PGWire

/// Message boundaries and TCP segment boundaries are unrelated: every split must decode identically.
@Suite struct SplitTests {
    static let frontendStream = FrontendMessageTests.cases.flatMap(\.bytes)
    static let backendStream = BackendMessageTests.cases.flatMap(\.bytes)

    static func decode(_ stream: [UInt8], from sender: Sender, splits: [Int]) -> [WireEvent] {
        var feeder = Feeder(.handshake)
        feeder.send(WireBytes.startup([("user", "u")]), from: .frontend)
        var start = 0
        for split in splits + [stream.count] {
            feeder.send(Array(stream[start..<split]), from: sender)
            start = split
        }
        feeder.finish()
        return Array(feeder.events.dropFirst())
    }

    @Test(arguments: [Sender.frontend, .backend])
    func splitAtEveryPosition(sender: Sender) {
        let stream = sender == .frontend ? Self.frontendStream : Self.backendStream
        let whole = Self.decode(stream, from: sender, splits: [])
        #expect(whole.count == (sender == .frontend ? FrontendMessageTests.cases.count : BackendMessageTests.cases.count))
        for split in 1..<stream.count {
            let events = Self.decode(stream, from: sender, splits: [split])
            #expect(events == whole, "split at \(split)")
            if events != whole { return }
        }
    }

    @Test(arguments: [Sender.frontend, .backend])
    func oneByteAtATime(sender: Sender) {
        let stream = sender == .frontend ? Self.frontendStream : Self.backendStream
        let whole = Self.decode(stream, from: sender, splits: [])
        #expect(Self.decode(stream, from: sender, splits: Array(1..<stream.count)) == whole)
    }

    @Test func everyMessageSplitAtEveryBytePosition() {
        for testCase in BackendMessageTests.cases {
            let bytes = testCase.bytes + WireBytes.readyForQuery()
            for first in 1..<bytes.count {
                for second in stride(from: first + 1, to: bytes.count, by: 3) {
                    let events = Self.decode(bytes, from: .backend, splits: [first, second])
                    #expect(events == [.backend(testCase.expected), .backend(.readyForQuery(.idle))],
                            "\(testCase.name) split at \(first), \(second)")
                }
            }
        }
    }

    @Test func largeMessageAcrossManyChunks() {
        let text = String(repeating: "x", count: 200_000)
        let bytes = WireBytes.query(text) + WireBytes.message("S")
        let splits = Array(stride(from: 1_000, to: bytes.count, by: 1_448))
        #expect(Self.decode(bytes, from: .frontend, splits: splits) == [.frontend(.query(text)), .frontend(.sync)])
    }
}
