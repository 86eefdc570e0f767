/// What both directions of one connection share: whether decoding goes on, and whether the
/// backend's next byte is the one-byte answer to an SSLRequest/GSSENCRequest.
@usableFromInline
struct SessionState: Sendable {
    @usableFromInline var isStopped = false
    @usableFromInline var awaitingAnswer: EncryptionKind?

    @inlinable
    init() {}
}
