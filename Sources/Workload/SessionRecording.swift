import Capture
import PGWire

/// One TCP connection on its way into the workload: its decoder, its request assembler and what the
/// session record needs (startup parameters, end reason, losses).
///
/// A class so that decoder callbacks can update the rest of the session while the decoder is being driven.
final class SessionRecording {
    let id: UInt32
    let client: Endpoint
    let server: Endpoint
    let startedAt: Int64
    let sawHandshake: Bool
    /// Where its messages are counted and its requests written (the shard's).
    let sink: RecordingSink
    // Hot path: accessed once per message on one thread, never overlapping (the decoder's callback
    // touches the assembler, not the decoder), so the runtime exclusivity check is skipped.
    @exclusivity(unchecked) private var decoder: ConnectionDecoder
    @exclusivity(unchecked) private(set) var assembler: RequestAssembler
    private(set) var startup: StartupMessage?
    private(set) var carriesPostgres = false
    private(set) var encrypted = false
    private(set) var terminated = false
    private(set) var decodeError: String?
    private(set) var gapBytes: UInt64 = 0
    var sessionStartWritten = false

    init(id: UInt32, client: Endpoint, server: Endpoint, startedAt: Int64, sawHandshake: Bool, sink: RecordingSink) {
        self.sink = sink
        self.id = id
        self.client = client
        self.server = server
        self.startedAt = startedAt
        self.sawHandshake = sawHandshake
        self.decoder = ConnectionDecoder(start: sawHandshake ? .handshake : .midstream)
        self.assembler = RequestAssembler(session: id)
    }

    // The callbacks below reach `self` through an unretained reference, guaranteed for the call: they
    // are non-escaping, so `self` (the receiver) is alive whenever they run, and the retain and release
    // a captured reference costs on every message are a measurable part of an import.

    /// Decodes in-order bytes of one direction and hands every message and finished request to the sink.
    func receive(_ bytes: UnsafeRawBufferPointer, from sender: Sender, at time: Int64) {
        guard !decoder.isStopped else { return }
        var events = Events(session: Unmanaged.passUnretained(self), time: time)
        decoder.receive(bytes, from: sender, into: &events)
    }

    /// The session as the decoder's handler: the decoding loop is specialized for it, so each message is
    /// applied where it is decoded.
    private struct Events: WireEventHandler {
        let session: Unmanaged<SessionRecording>
        let time: Int64

        @inline(__always)
        mutating func handle(_ event: BorrowedWireEvent) {
            let time = time
            session._withUnsafeGuaranteedRef { $0.apply(event, at: time) }
        }
    }

    /// Notes bytes lost in one direction; the decoder resynchronises on the next provable boundary.
    func lost(_ byteCount: UInt64, from sender: Sender, at time: Int64) {
        gapBytes += byteCount
        guard !decoder.isStopped else { return }
        let session = Unmanaged.passUnretained(self)
        decoder.lost(Int(clamping: byteCount), from: sender) { event in
            session._withUnsafeGuaranteedRef { $0.apply(event, at: time) }
        }
    }

    /// Ends the session: leftover bytes are reported and every held request is handed out.
    func finish(at time: Int64) {
        let session = Unmanaged.passUnretained(self)
        decoder.finish { event in session._withUnsafeGuaranteedRef { $0.apply(event, at: time) } }
        assembler.finish(at: time) { request in session._withUnsafeGuaranteedRef { $0.sink.emit(request, of: $0) } }
    }

    @inline(__always)
    private func apply(_ event: BorrowedWireEvent, at time: Int64) {
        switch event {
        case .frontend(let message):
            carriesPostgres = true
            sink.count(frontend: message)
            switch message {
            case .startup(let startupMessage): startup = StartupMessage(startupMessage)
            case .terminate: terminated = true
            default: break
            }
            let session = Unmanaged.passUnretained(self)
            assembler.frontend(message, at: time) { request in
                session._withUnsafeGuaranteedRef { $0.sink.emit(request, of: $0) }
            }
        case .backend(let message):
            carriesPostgres = true
            sink.count(backend: message)
            let session = Unmanaged.passUnretained(self)
            assembler.backend(message, at: time) { request in
                session._withUnsafeGuaranteedRef { $0.sink.emit(request, of: $0) }
            }
        case .encrypted:
            carriesPostgres = true
            encrypted = true
        case .resynchronized(_, let skipped):
            sink.summary.resynchronizedBytes += UInt64(skipped)
        case .stopped(let sender, let reason):
            if decodeError == nil {
                decodeError = reason.string
                sink.summary.decodeErrors.append("session \(id) (\(client) → \(server)), \(sender == .frontend ? "client" : "server") side: \(reason.string)")
            }
        case .incomplete(_, let bytes):
            sink.summary.incompleteBytes += UInt64(bytes)
        }
    }

    /// The session's record, built from the startup message when the capture holds one.
    var sessionStart: SessionStart {
        var user: String?
        var database: String?
        var applicationName: String?
        var others: [StartupParameter] = []
        for (name, value) in startup?.parameters ?? [] {
            switch name {
            case "user": user = value
            case "database": database = value
            case "application_name": applicationName = value
            default: others.append(StartupParameter(name: name, value: value))
            }
        }
        if startup != nil, database == nil { database = user }
        return SessionStart(
            session: id, startedAt: startedAt, client: client.description, server: server.description,
            sawHandshake: sawHandshake, sawStartup: startup != nil,
            protocolVersion: startup.map { UInt32(UInt16(bitPattern: $0.protocolMajor)) << 16 | UInt32(UInt16(bitPattern: $0.protocolMinor)) },
            user: user, database: database, applicationName: applicationName, startupParameters: others)
    }

    func sessionEnd(at time: Int64, reason closeReason: CloseReason) -> SessionEnd {
        let reason: String
        if encrypted {
            reason = "encrypted"
        } else if let decodeError {
            reason = "stopped: \(decodeError)"
        } else if terminated {
            reason = "terminate"
        } else {
            switch closeReason {
            case .fin: reason = "fin"
            case .reset: reason = "reset"
            case .endOfCapture: reason = "end of capture"
            case .superseded: reason = "superseded by a new connection on the same addresses"
            }
        }
        return SessionEnd(session: id, endedAt: time, reason: reason, gapBytes: gapBytes,
                          encrypted: encrypted, decodeError: decodeError)
    }
}
