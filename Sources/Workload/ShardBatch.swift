import Capture

/// Stream events for one shard, with their bytes copied out of the packet buffer, so that another thread
/// can decode them while the next packets are read.
///
/// The events are stored one after another in one buffer, allocated once and reused (see
/// `ShardWorker.emptyBatch()`): a data event, by far the most common, is a 17-byte header (kind and
/// direction, connection, time, length) and its bytes, written with a few stores and a `memcpy`. The rare
/// events (a connection opening or closing, a gap) are kept whole in `rareEvents`, and the stream holds
/// their index.
struct ShardBatch: Sendable {
    /// An event that is not data.
    enum RareEvent: Sendable {
        case opened(ConnectionID, client: Endpoint, server: Endpoint, sawHandshake: Bool, at: Timestamp)
        case gap(ConnectionID, StreamDirection, lostBytes: UInt64, at: Timestamp)
        case closed(ConnectionID, reason: CloseReason, at: Timestamp)
    }

    /// The encoded events: `stream[0..<streamLength]`.
    private var stream: [UInt8] = []
    private var streamLength = 0
    private var rareEvents: [RareEvent] = []

    /// Big enough to make a hand-over rare, small enough to keep memory bounded.
    static let targetSize = 256 << 10

    /// The first byte of each event in the stream.
    private enum Kind {
        static let dataFromClient: UInt8 = 0
        static let dataFromServer: UInt8 = 1
        static let rare: UInt8 = 2
    }

    /// Kind (1), connection (4), time (8), length (4).
    private static let dataHeaderLength = 17

    var isEmpty: Bool { streamLength == 0 }
    var isFull: Bool { streamLength >= Self.targetSize }

    mutating func append(_ event: StreamEvent) {
        switch event {
        case .opened(let id, let client, let server, let sawHandshake, let time):
            appendRare(.opened(id, client: client, server: server, sawHandshake: sawHandshake, at: time))
        case .data(let id, let direction, let data, let time):
            reserve(Self.dataHeaderLength + data.count)
            stream.withUnsafeMutableBytes { raw in
                let start = raw.baseAddress! + streamLength
                start.storeBytes(of: direction == .clientToServer ? Kind.dataFromClient : Kind.dataFromServer, as: UInt8.self)
                start.storeBytes(of: id.rawValue, toByteOffset: 1, as: UInt32.self)
                start.storeBytes(of: time.nanoseconds, toByteOffset: 5, as: Int64.self)
                start.storeBytes(of: UInt32(data.count), toByteOffset: 13, as: UInt32.self)
                if let source = data.baseAddress, data.count > 0 {
                    (start + Self.dataHeaderLength).copyMemory(from: source, byteCount: data.count)
                }
            }
            streamLength += Self.dataHeaderLength + data.count
        case .gap(let id, let direction, let lostBytes, let time):
            appendRare(.gap(id, direction, lostBytes: lostBytes, at: time))
        case .closed(let id, let reason, let time):
            appendRare(.closed(id, reason: reason, at: time))
        }
    }

    /// Forgets the events, keeping the storage for the next batch.
    mutating func removeAll() {
        streamLength = 0
        rareEvents.removeAll(keepingCapacity: true)
    }

    /// Hands every event back as the tracker emitted it, its bytes now read from the batch.
    func forEach(_ body: (StreamEvent) throws -> Void) rethrows {
        try stream.withUnsafeBytes { raw in
            var position = 0
            while position < streamLength {
                let start = raw.baseAddress! + position
                let kind = start.load(as: UInt8.self)
                if kind == Kind.rare {
                    let index = Int(start.loadUnaligned(fromByteOffset: 1, as: UInt32.self))
                    position += 5
                    switch rareEvents[index] {
                    case .opened(let id, let client, let server, let sawHandshake, let time):
                        try body(.opened(id, client: client, server: server, sawHandshake: sawHandshake, at: time))
                    case .gap(let id, let direction, let lostBytes, let time):
                        try body(.gap(id, direction, lostBytes: lostBytes, at: time))
                    case .closed(let id, let reason, let time):
                        try body(.closed(id, reason: reason, at: time))
                    }
                    continue
                }
                let id = ConnectionID(rawValue: start.loadUnaligned(fromByteOffset: 1, as: UInt32.self))
                let time = Timestamp(nanoseconds: start.loadUnaligned(fromByteOffset: 5, as: Int64.self))
                let length = Int(start.loadUnaligned(fromByteOffset: 13, as: UInt32.self))
                let data = UnsafeRawBufferPointer(start: start + Self.dataHeaderLength, count: length)
                try body(.data(id, kind == Kind.dataFromClient ? .clientToServer : .serverToClient, data, at: time))
                position += Self.dataHeaderLength + length
            }
        }
    }

    private mutating func appendRare(_ event: RareEvent) {
        reserve(5)
        let index = UInt32(rareEvents.count)
        rareEvents.append(event)
        stream.withUnsafeMutableBytes { raw in
            let start = raw.baseAddress! + streamLength
            start.storeBytes(of: Kind.rare, as: UInt8.self)
            start.storeBytes(of: index, toByteOffset: 1, as: UInt32.self)
        }
        streamLength += 5
    }

    /// Makes room for `extra` more bytes of stream (the first time, or for a segment larger than what is left).
    private mutating func reserve(_ extra: Int) {
        guard stream.count - streamLength < extra else { return }
        var larger = [UInt8](repeating: 0, count: max(Self.targetSize + (64 << 10), 2 * (streamLength + extra)))
        larger.withUnsafeMutableBytes { target in
            stream.withUnsafeBytes { old in
                if streamLength > 0 { target.baseAddress!.copyMemory(from: old.baseAddress!, byteCount: streamLength) }
            }
        }
        stream = larger
    }
}
