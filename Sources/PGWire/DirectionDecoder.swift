/// Decodes one direction of a connection: untyped startup packets, typed messages in sync, or the
/// search for a boundary (see `Resynchronizer`). Keeps only the incomplete tail between calls.
///
/// The typed path (`receive`, `decodeTyped`, `completePending`) is `@inlinable` and generic over the
/// handler, so that it is specialized, with the handler inlined, in the consumer's module; the rare paths
/// (startup packets, resynchronisation, stopping) are ordinary functions that take a closure.
@usableFromInline
struct DirectionDecoder: Sendable {
    @usableFromInline
    enum Phase: Sendable {
        /// Frontend before its StartupMessage: length-prefixed packets without a type byte.
        case untyped
        /// Typed messages, in sync.
        case typed
        /// Looking for a provable message boundary.
        case resynchronizing
        /// The frontend sent a CancelRequest: nothing else may follow on this connection.
        case cancelled
    }

    /// Largest untyped packet the server accepts (MAX_STARTUP_PACKET_LENGTH).
    static let maximumStartupPacketLength = 10_000
    /// Capacity kept for the tail buffer between messages; larger buffers are released.
    @usableFromInline static var retainedCapacity: Int { 64 * 1024 }
    /// Largest tail buffer reserved in advance for a message announced by its length field.
    static let maximumReservation = 1 << 20

    @usableFromInline let sender: Sender
    @usableFromInline let framer: MessageFramer
    @usableFromInline var phase: Phase
    /// Received bytes not decoded yet. In `.typed`: a prefix of one message. In `.untyped` and
    /// `.resynchronizing`: everything since the last decoded packet / discarded byte.
    @usableFromInline var pending: [UInt8] = []
    /// Stream offset just past the last byte received (lost bytes included).
    @usableFromInline var nextOffset = 0
    private var resynchronizer = Resynchronizer()

    init(sender: Sender, phase: Phase) {
        self.sender = sender
        self.framer = MessageFramer(sender: sender)
        self.phase = phase
    }

    /// Bytes left undecoded at the end of the capture.
    var leftoverCount: Int { pending.count }

    mutating func clear() {
        pending = []
    }

    // MARK: - Input

    @inlinable
    mutating func receive<Handler: WireEventHandler>(_ input: UnsafeRawBufferPointer, session: inout SessionState,
                                                     into handler: inout Handler) {
        guard !session.isStopped, !input.isEmpty else { return }
        var input = input
        if sender == .backend, let kind = session.awaitingAnswer, phase == .typed, pending.isEmpty {
            guard let used = answer(input[0], to: kind, session: &session, { handler.handle($0) }) else { return }
            input = UnsafeRawBufferPointer(rebasing: input[used...])
            nextOffset += used
        }
        guard !input.isEmpty else { return }
        if phase == .typed {
            let base = nextOffset
            nextOffset += input.count
            decodeTyped(input, base: base, session: &session, into: &handler)
        } else {
            receiveUntyped(input, session: &session) { handler.handle($0) }
        }
    }

    /// `receive` outside the typed phase: startup packets, the search for a boundary, or bytes after a
    /// CancelRequest.
    @usableFromInline
    mutating func receiveUntyped(_ input: UnsafeRawBufferPointer, session: inout SessionState,
                                 _ emit: (BorrowedWireEvent) -> Void) {
        switch phase {
        case .typed:
            break
        case .untyped:
            pending.append(contentsOf: input)
            nextOffset += input.count
            decodeUntyped(session: &session, emit)
        case .resynchronizing:
            resynchronizer.noteChunk(startingAt: pending.count)
            pending.append(contentsOf: input)
            nextOffset += input.count
            resynchronize(session: &session, emit)
        case .cancelled:
            stop("unexpected data after CancelRequest", at: nextOffset, session: &session, emit)
        }
    }

    mutating func lost(_ byteCount: Int, session: inout SessionState) {
        guard !session.isStopped, phase != .cancelled else { return }
        let discarded = pending.count
        pending = []
        nextOffset += max(0, byteCount)
        if sender == .backend { session.awaitingAnswer = nil }
        if phase != .resynchronizing {
            phase = .resynchronizing
            resynchronizer = Resynchronizer()
        }
        resynchronizer.discard(discarded)
    }

    // MARK: - SSL/GSS answer

    /// Handles the backend's one-byte answer. Returns how many bytes it used (0 when the byte
    /// starts a typed ErrorResponse), or nil when decoding must not go on.
    @usableFromInline
    mutating func answer(_ byte: UInt8, to kind: EncryptionKind, session: inout SessionState,
                         _ emit: (BorrowedWireEvent) -> Void) -> Int? {
        let accept = kind == .tls ? UInt8(ascii: "S") : UInt8(ascii: "G")
        switch byte {
        case accept:
            emit(.backend(kind == .tls ? .sslResponse(accepted: true) : .gssResponse(accepted: true)))
            emit(.encrypted(kind))
            session.isStopped = true
            session.awaitingAnswer = nil
            return nil
        case UInt8(ascii: "N"):
            emit(.backend(kind == .tls ? .sslResponse(accepted: false) : .gssResponse(accepted: false)))
            session.awaitingAnswer = nil
            return 1
        case UInt8(ascii: "E"):
            // A server without SSL support answers with an ErrorResponse: decode it as a typed message.
            session.awaitingAnswer = nil
            return 0
        default:
            let request = kind == .tls ? "SSLRequest" : "GSSENCRequest"
            stop("invalid answer byte \(MessageFramer.describe(letter: byte)) to \(request)",
                 at: nextOffset, session: &session, emit)
            return nil
        }
    }

    // MARK: - Typed messages (hot path)

    /// Decodes `input`, whose first byte is at stream offset `base`, after completing the message
    /// held in `pending`. Whole messages are decoded straight from `input`; only the tail is copied.
    @inlinable
    mutating func decodeTyped<Handler: WireEventHandler>(_ input: UnsafeRawBufferPointer, base: Int,
                                                         session: inout SessionState, into handler: inout Handler) {
        var position = 0
        if !pending.isEmpty {
            guard let used = completePending(input, base: base, session: &session, into: &handler) else { return }
            position = used
        }
        while position < input.count {
            switch framer.frame(input, at: position) {
            case .complete(let letter, let body):
                let event: BorrowedWireEvent
                do {
                    event = try framer.decode(typeLetter: letter, body: UnsafeRawBufferPointer(rebasing: input[body]))
                } catch {
                    stop(error.reason + " in message type \(MessageFramer.describe(letter: letter))",
                         at: base + position, session: &session) { handler.handle($0) }
                    return
                }
                handler.handle(event)
                position = body.upperBound
            case .needsMoreBytes(let frameLength):
                reserveTail(frameLength)
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[position...]))
                return
            case .invalid(let reason):
                stop(reason, at: base + position, session: &session) { handler.handle($0) }
                return
            }
        }
    }

    /// Moves bytes from `input` into `pending` until its message is complete, then decodes it.
    /// Returns how many input bytes were used, or nil when input ran out or decoding stopped.
    @inlinable
    mutating func completePending<Handler: WireEventHandler>(_ input: UnsafeRawBufferPointer, base: Int,
                                                             session: inout SessionState, into handler: inout Handler) -> Int? {
        let messageOffset = base - pending.count
        var used = 0
        while true {
            let frame = pending.withUnsafeBytes { framer.frame($0, at: 0) }
            switch frame {
            case .invalid(let reason):
                stop(reason, at: messageOffset, session: &session) { handler.handle($0) }
                return nil
            case .needsMoreBytes(let frameLength):
                let wanted = (frameLength ?? 5) - pending.count
                let take = min(wanted, input.count - used)
                guard take > 0 else { return nil }
                reserveTail(frameLength)
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[used..<(used + take)]))
                used += take
            case .complete(let letter, let body):
                // The message borrows `pending`: it is emitted before `pending` is cleared.
                let message = pending
                pending = []
                let failure: PGWireError? = message.withUnsafeBytes { buffer in
                    do throws(PGWireError) {
                        handler.handle(try framer.decode(typeLetter: letter, body: UnsafeRawBufferPointer(rebasing: buffer[body])))
                        return nil
                    } catch {
                        return error
                    }
                }
                if message.capacity <= Self.retainedCapacity {
                    pending = message
                    pending.removeAll(keepingCapacity: true)
                }
                if let failure {
                    stop(failure.reason + " in message type \(MessageFramer.describe(letter: letter))",
                         at: messageOffset, session: &session) { handler.handle($0) }
                    return nil
                }
                return used
            }
        }
    }

    /// Reserves room for an announced message up front, but never more than `maximumReservation`
    /// on the word of a length field alone: beyond that the array grows as bytes actually arrive.
    @usableFromInline
    mutating func reserveTail(_ frameLength: Int?) {
        guard let frameLength, frameLength > pending.capacity else { return }
        pending.reserveCapacity(min(frameLength, Self.maximumReservation))
    }

    /// Decodes what is left in `pending` after a phase change to `.typed`.
    private mutating func decodePendingAsTyped(session: inout SessionState, _ emit: (BorrowedWireEvent) -> Void) {
        guard !pending.isEmpty else { return }
        let buffer = pending
        pending = []
        withoutActuallyEscaping(emit) { emit in
            var handler = ClosureWireEventHandler(emit)
            buffer.withUnsafeBytes { bytes in
                decodeTyped(bytes, base: nextOffset - bytes.count, session: &session, into: &handler)
            }
        }
    }

    // MARK: - Untyped startup packets

    private mutating func decodeUntyped(session: inout SessionState, _ emit: (BorrowedWireEvent) -> Void) {
        let base = nextOffset - pending.count
        var consumed = 0
        var failure: (reason: String, offset: Int)?
        var encrypted = false
        var newPhase = phase
        pending.withUnsafeBytes { buffer in
            while newPhase == .untyped, buffer.count - consumed >= 2 {
                if buffer[consumed] == 0x16 && buffer[consumed + 1] == 0x03 {
                    // A TLS ClientHello without SSLRequest (sslnegotiation=direct, PostgreSQL 17+).
                    encrypted = true
                    return
                }
                guard buffer.count - consumed >= 4 else { return }
                let length = Int(ByteReader.uint32(buffer, at: consumed))
                guard length >= 8 && length <= Self.maximumStartupPacketLength else {
                    failure = ("invalid startup packet length \(length)", base + consumed)
                    return
                }
                guard buffer.count - consumed >= length else { return }
                let body = UnsafeRawBufferPointer(rebasing: buffer[(consumed + 4)..<(consumed + length)])
                let message: BorrowedFrontendMessage
                do throws(PGWireError) {
                    message = try BorrowedFrontendMessage(untypedPacket: body)
                } catch {
                    failure = (error.reason, base + consumed)
                    return
                }
                emit(.frontend(message))
                consumed += length
                switch message {
                case .sslRequest: session.awaitingAnswer = .tls
                case .gssencRequest: session.awaitingAnswer = .gss
                case .startup: newPhase = .typed
                case .cancelRequest: newPhase = .cancelled
                default: break
                }
            }
        }
        phase = newPhase
        if encrypted {
            emit(.encrypted(.tls))
            session.isStopped = true
            pending = []
            return
        }
        if let failure {
            stop(failure.reason, at: failure.offset, session: &session, emit)
            return
        }
        pending.removeFirst(consumed)
        switch phase {
        case .typed:
            decodePendingAsTyped(session: &session, emit)
        case .cancelled where !pending.isEmpty:
            stop("unexpected data after CancelRequest", at: nextOffset - pending.count, session: &session, emit)
        default:
            break
        }
    }

    // MARK: - Resynchronisation

    private mutating func resynchronize(session: inout SessionState, _ emit: (BorrowedWireEvent) -> Void) {
        let outcome = pending.withUnsafeBytes { resynchronizer.search($0, framer: framer) }
        switch outcome {
        case .waiting(let discardable):
            pending.removeFirst(discardable)
            resynchronizer.discard(discardable)
        case .boundary(let offset):
            pending.removeFirst(offset)
            resynchronizer.discard(offset)
            emit(.resynchronized(sender, skippedBytes: resynchronizer.skippedBytes))
            phase = .typed
            resynchronizer = Resynchronizer()
            decodePendingAsTyped(session: &session, emit)
        }
    }

    // MARK: - Stopping

    @usableFromInline
    mutating func stop(_ reason: String, at offset: Int, session: inout SessionState,
                       _ emit: (BorrowedWireEvent) -> Void) {
        var line = "\(sender): \(reason) at stream offset \(offset)"
        line.withUTF8 { emit(.stopped(sender, reason: BorrowedBytes(UnsafeRawBufferPointer($0)))) }
        session.isStopped = true
        pending = []
    }
}
