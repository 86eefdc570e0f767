/// What both directions of one connection share: whether decoding goes on, and whether the
/// backend's next byte is the one-byte answer to an SSLRequest/GSSENCRequest.
struct SessionState: Sendable {
    var isStopped = false
    var awaitingAnswer: EncryptionKind?
}
