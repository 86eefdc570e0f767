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

    init(id: UInt32, client: Endpoint, server: Endpoint, startedAt: Int64, sawHandshake: Bool) {
        self.id = id
        self.client = client
        self.server = server
        self.startedAt = startedAt
        self.sawHandshake = sawHandshake
        self.decoder = ConnectionDecoder(start: sawHandshake ? .handshake : .midstream)
        self.assembler = RequestAssembler(session: id)
    }

    /// Decodes in-order bytes of one direction and hands every message and finished request to `sink`.
    func receive(_ bytes: UnsafeRawBufferPointer, from sender: Sender, at time: Int64, into sink: RecordingSink) throws {
        guard !decoder.isStopped else { return }
        var failure: Error?
        decoder.receive(bytes, from: sender) { event in
            do { try self.apply(event, at: time, into: sink) } catch { if failure == nil { failure = error } }
        }
        if let failure { throw failure }
    }

    /// Notes bytes lost in one direction; the decoder resynchronises on the next provable boundary.
    func lost(_ byteCount: UInt64, from sender: Sender, at time: Int64, into sink: RecordingSink) throws {
        gapBytes += byteCount
        guard !decoder.isStopped else { return }
        var failure: Error?
        decoder.lost(Int(clamping: byteCount), from: sender) { event in
            do { try self.apply(event, at: time, into: sink) } catch { if failure == nil { failure = error } }
        }
        if let failure { throw failure }
    }

    /// Ends the session: leftover bytes are reported and every held request is handed out.
    func finish(at time: Int64, into sink: RecordingSink) throws {
        var failure: Error?
        decoder.finish { event in
            do { try self.apply(event, at: time, into: sink) } catch { if failure == nil { failure = error } }
        }
        if let failure { throw failure }
        try emitting(into: sink) { assembler.finish(at: time, $0) }
    }

    /// Runs one assembler step, writing each request it finishes straight to the sink (the first
    /// write error is rethrown after the step).
    private func emitting(into sink: RecordingSink, _ step: ((Request) -> Void) -> Void) throws {
        var failure: Error?
        step { request in
            guard failure == nil else { return }
            do { try sink.emit(request, of: self) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    private func apply(_ event: WireEvent, at time: Int64, into sink: RecordingSink) throws {
        switch event {
        case .frontend(let message):
            carriesPostgres = true
            sink.count(frontend: message)
            switch message {
            case .startup(let startupMessage): startup = startupMessage
            case .terminate: terminated = true
            default: break
            }
            try emitting(into: sink) { assembler.frontend(message, at: time, $0) }
        case .backend(let message):
            carriesPostgres = true
            sink.count(backend: message)
            try emitting(into: sink) { assembler.backend(message, at: time, $0) }
        case .encrypted:
            carriesPostgres = true
            encrypted = true
        case .resynchronized(_, let skipped):
            sink.summary.resynchronizedBytes += UInt64(skipped)
        case .stopped(let sender, let reason):
            if decodeError == nil {
                decodeError = reason
                sink.summary.decodeErrors.append("session \(id) (\(client) → \(server)), \(sender == .frontend ? "client" : "server") side: \(reason)")
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
