/// What receives a `ConnectionDecoder`'s events, one at a time, during the call that decodes them.
///
/// `ConnectionDecoder.receive(_:from:into:)` is generic over it and `@inlinable`, so a consumer in another
/// module (the recorder) gets the decoding loop specialized for its own handler, with the handling of each
/// message inlined where the message is decoded: no closure call and no copy of the event per message.
public protocol WireEventHandler {
    /// Takes one event; its borrowed bytes are valid only during this call.
    mutating func handle(_ event: BorrowedWireEvent)
}

/// A closure as a handler, for the closure-taking entry points.
@usableFromInline
struct ClosureWireEventHandler: WireEventHandler {
    @usableFromInline let body: (BorrowedWireEvent) -> Void

    @inlinable
    init(_ body: @escaping (BorrowedWireEvent) -> Void) {
        self.body = body
    }

    @inlinable
    mutating func handle(_ event: BorrowedWireEvent) {
        body(event)
    }
}
