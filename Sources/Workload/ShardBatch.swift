import Capture

/// Stream events for one shard, with their bytes copied out of the packet buffer, so that another thread
/// can decode them while the next packets are read.
struct ShardBatch: Sendable {
    enum Event: Sendable {
        case opened(ConnectionID, client: Endpoint, server: Endpoint, sawHandshake: Bool, at: Timestamp)
        /// The bytes are `bytes[range]` of the batch.
        case data(ConnectionID, StreamDirection, Range<Int>, at: Timestamp)
        case gap(ConnectionID, StreamDirection, lostBytes: UInt64, at: Timestamp)
        case closed(ConnectionID, reason: CloseReason, at: Timestamp)
    }

    var events: [Event] = []
    /// The events' bytes: `bytes[0..<byteCount]`, in storage allocated once at its full size, so that
    /// appending is a `memcpy` (an array's generic append cost more than the copy).
    private(set) var bytes: [UInt8] = []
    private(set) var byteCount = 0

    /// Big enough to make a hand-over rare, small enough to keep memory bounded.
    static let targetSize = 256 << 10

    private static let maximumEvents = 8192

    var isFull: Bool { byteCount >= Self.targetSize || events.count >= Self.maximumEvents }

    mutating func append(_ event: StreamEvent) {
        switch event {
        case .opened(let id, let client, let server, let sawHandshake, let time):
            events.append(.opened(id, client: client, server: server, sawHandshake: sawHandshake, at: time))
        case .data(let id, let direction, let data, let time):
            let start = byteCount
            appendBytes(data)
            events.append(.data(id, direction, start..<byteCount, at: time))
        case .gap(let id, let direction, let lostBytes, let time):
            events.append(.gap(id, direction, lostBytes: lostBytes, at: time))
        case .closed(let id, let reason, let time):
            events.append(.closed(id, reason: reason, at: time))
        }
    }

    /// Forgets the events, keeping the storage for the next batch.
    mutating func removeAll() {
        events.removeAll(keepingCapacity: true)
        byteCount = 0
    }

    private mutating func appendBytes(_ data: UnsafeRawBufferPointer) {
        guard let source = data.baseAddress, data.count > 0 else { return }
        if bytes.count - byteCount < data.count {
            // First use, or a segment larger than what is left (the batch then runs over its target).
            var larger = [UInt8](repeating: 0, count: max(Self.targetSize + (64 << 10), 2 * (byteCount + data.count)))
            larger.withUnsafeMutableBytes { target in
                bytes.withUnsafeBytes { old in target.baseAddress!.copyMemory(from: old.baseAddress!, byteCount: byteCount) }
            }
            bytes = larger
        }
        bytes.withUnsafeMutableBytes { target in
            (target.baseAddress! + byteCount).copyMemory(from: source, byteCount: data.count)
        }
        byteCount += data.count
    }

    /// Hands every event back as the tracker emitted it, its bytes now read from the batch.
    func forEach(_ body: (StreamEvent) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { bytes in
            for event in events {
                switch event {
                case .opened(let id, let client, let server, let sawHandshake, let time):
                    try body(.opened(id, client: client, server: server, sawHandshake: sawHandshake, at: time))
                case .data(let id, let direction, let range, let time):
                    try body(.data(id, direction, UnsafeRawBufferPointer(rebasing: bytes[range]), at: time))
                case .gap(let id, let direction, let lostBytes, let time):
                    try body(.gap(id, direction, lostBytes: lostBytes, at: time))
                case .closed(let id, let reason, let time):
                    try body(.closed(id, reason: reason, at: time))
                }
            }
        }
    }
}
