/// Decodes both directions of one PostgreSQL connection as observed passively on the wire.
///
/// Feed each direction's reassembled, in-order bytes in capture order; events come out for every
/// complete message. It handles the untyped startup phase (SSLRequest/GSSENCRequest and their
/// one-byte answers, StartupMessage, CancelRequest), stops at encryption, resynchronises after a
/// midstream start or a capture gap only on a provable boundary, and stops (with a reason) rather
/// than guess when the bytes are not protocol v3. A pure value: no I/O, no shared state.
public struct ConnectionDecoder: Sendable {
    /// How the capture met the connection.
    public enum Start: Sendable, Hashable {
        /// The capture saw the TCP SYN: the frontend begins with untyped startup packets.
        case handshake
        /// No SYN seen: both directions are in the typed phase and may begin anywhere, so each
        /// resynchronises on the first provable message boundary.
        case midstream
    }

    @usableFromInline var frontend: DirectionDecoder
    @usableFromInline var backend: DirectionDecoder
    @usableFromInline var session = SessionState()
    @usableFromInline var isFinished = false

    public init(start: Start) {
        switch start {
        case .handshake:
            frontend = DirectionDecoder(sender: .frontend, phase: .untyped)
            backend = DirectionDecoder(sender: .backend, phase: .typed)
        case .midstream:
            frontend = DirectionDecoder(sender: .frontend, phase: .resynchronizing)
            backend = DirectionDecoder(sender: .backend, phase: .resynchronizing)
        }
    }

    /// True once the session switched to TLS/GSS encryption or decoding stopped on bad input:
    /// later bytes are ignored.
    public var isStopped: Bool { session.isStopped }

    /// Feed the next in-order bytes of one direction. Hands `handler` zero or more events for every
    /// complete message. Whole messages are decoded from `bytes` directly; an incomplete tail is copied
    /// and kept until more bytes arrive. Inlinable and generic, so that it is specialized, with the
    /// handler inlined, where it is called (see `WireEventHandler`).
    @inlinable
    public mutating func receive<Handler: WireEventHandler>(_ bytes: UnsafeRawBufferPointer, from sender: Sender,
                                                            into handler: inout Handler) {
        guard !isFinished else { return }
        switch sender {
        case .frontend: frontend.receive(bytes, session: &session, into: &handler)
        case .backend: backend.receive(bytes, session: &session, into: &handler)
        }
    }

    /// The same, with a closure for the events.
    public mutating func receive(_ bytes: UnsafeRawBufferPointer, from sender: Sender, _ emit: (BorrowedWireEvent) -> Void) {
        withoutActuallyEscaping(emit) { emit in
            var handler = ClosureWireEventHandler(emit)
            receive(bytes, from: sender, into: &handler)
        }
    }

    /// `byteCount` bytes of this direction were lost (capture gap). Drops any partial message and
    /// resynchronises on the next provable message boundary (in the typed phase: a gap inside the
    /// startup phase cannot be bridged); the dropped partial message is counted in the following
    /// `.resynchronized` event's skipped bytes.
    public mutating func lost(_ byteCount: Int, from sender: Sender, _ emit: (BorrowedWireEvent) -> Void) {
        guard !isFinished else { return }
        switch sender {
        case .frontend: frontend.lost(byteCount, session: &session)
        case .backend: backend.lost(byteCount, session: &session)
        }
    }

    /// End of capture for this connection: reports leftover undecoded bytes (an `.incomplete` event
    /// per direction that has some). Later calls are ignored.
    public mutating func finish(_ emit: (BorrowedWireEvent) -> Void) {
        guard !isFinished else { return }
        isFinished = true
        guard !session.isStopped else { return }
        if frontend.leftoverCount > 0 { emit(.incomplete(.frontend, bytes: frontend.leftoverCount)) }
        if backend.leftoverCount > 0 { emit(.incomplete(.backend, bytes: backend.leftoverCount)) }
        frontend.clear()
        backend.clear()
    }
}
