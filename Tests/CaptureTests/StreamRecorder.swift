import Capture

/// A stream event with its bytes copied, so tests can compare whole event sequences.
enum RecordedEvent: Equatable, CustomStringConvertible {
    case opened(UInt32, client: Endpoint, server: Endpoint, sawHandshake: Bool)
    case data(UInt32, StreamDirection, String)
    case gap(UInt32, StreamDirection, UInt64)
    case closed(UInt32, CloseReason)

    var description: String {
        switch self {
        case .opened(let id, let client, let server, let handshake): return "opened #\(id) \(client)→\(server) syn:\(handshake)"
        case .data(let id, let direction, let text): return "data #\(id) \(direction) \"\(text)\""
        case .gap(let id, let direction, let count): return "gap #\(id) \(direction) \(count)"
        case .closed(let id, let reason): return "closed #\(id) \(reason)"
        }
    }
}

/// Drives a `TCPStreamTracker` with hand-made segments of one client/server pair and records what it emits.
struct TrackerHarness {
    var tracker: TCPStreamTracker
    var events: [RecordedEvent] = []
    var time = Timestamp(nanoseconds: 1_000_000_000)
    var client = Endpoint(address: .v4(0x0A00_0001), port: 40000)
    var server = Endpoint(address: .v4(0x0A00_0002), port: 5432)

    init(serverPorts: Set<UInt16> = [5432], serverHosts: Set<IPAddress> = [], bufferLimit: Int = 8 << 20) {
        tracker = TCPStreamTracker(serverPorts: serverPorts, serverHosts: serverHosts, bufferLimit: bufferLimit)
    }

    /// Sends a segment from the client (`fromClient`) or the server.
    mutating func send(fromClient: Bool, sequence: UInt32, acknowledgment: UInt32 = 0, flags: TCPFlags = [.ack],
                       _ text: String = "", missing: Int = 0) {
        let bytes = Array(text.utf8)
        let segment = (fromClient ? (client, server) : (server, client))
        sendRaw(source: segment.0, destination: segment.1, sequence: sequence, acknowledgment: acknowledgment,
                flags: flags, bytes: bytes, missing: missing)
    }

    mutating func client(_ sequence: UInt32, ack: UInt32 = 0, _ flags: TCPFlags = [.ack], _ text: String = "", missing: Int = 0) {
        send(fromClient: true, sequence: sequence, acknowledgment: ack, flags: flags, text, missing: missing)
    }

    mutating func server(_ sequence: UInt32, ack: UInt32 = 0, _ flags: TCPFlags = [.ack], _ text: String = "", missing: Int = 0) {
        send(fromClient: false, sequence: sequence, acknowledgment: ack, flags: flags, text, missing: missing)
    }

    mutating func sendRaw(source: Endpoint, destination: Endpoint, sequence: UInt32, acknowledgment: UInt32,
                          flags: TCPFlags, bytes: [UInt8], missing: Int = 0) {
        time.nanoseconds += 1_000
        let now = time
        var recorded: [RecordedEvent] = []
        bytes.withUnsafeBytes { payload in
            let segment = TCPSegment(source: source, destination: destination, sequence: sequence,
                                     acknowledgment: acknowledgment, flags: flags, payload: payload,
                                     missingPayloadBytes: missing)
            tracker.process(segment, at: now) { recorded.append(RecordedEvent($0)) }
        }
        events += recorded
    }

    mutating func finish() {
        var recorded: [RecordedEvent] = []
        tracker.finish(at: time) { recorded.append(RecordedEvent($0)) }
        events += recorded
    }

    /// Takes the events recorded so far.
    mutating func take() -> [RecordedEvent] {
        defer { events = [] }
        return events
    }

    /// One direction's bytes as text, gaps shown as `<gap N>`.
    func stream(_ id: UInt32, _ direction: StreamDirection) -> String {
        var text = ""
        for event in events {
            switch event {
            case .data(id, direction, let chunk): text += chunk
            case .gap(id, direction, let count): text += "<gap \(count)>"
            default: break
            }
        }
        return text
    }
}

extension RecordedEvent {
    init(_ event: StreamEvent) {
        switch event {
        case .opened(let id, let client, let server, let sawHandshake, _):
            self = .opened(id.rawValue, client: client, server: server, sawHandshake: sawHandshake)
        case .data(let id, let direction, let bytes, _):
            self = .data(id.rawValue, direction, String(decoding: bytes, as: UTF8.self))
        case .gap(let id, let direction, let count, _):
            self = .gap(id.rawValue, direction, count)
        case .closed(let id, let reason, _):
            self = .closed(id.rawValue, reason)
        }
    }
}
