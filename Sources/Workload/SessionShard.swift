import Capture

/// The sessions one thread decodes: their recordings, and the sink their records and counts go to.
///
/// Every event of a session reaches the same shard, in capture order; shards share nothing but the file.
final class SessionShard {
    let sink: RecordingSink
    // Used by one thread, never in overlapping accesses: the runtime exclusivity checks are skipped.
    @exclusivity(unchecked) private var sessions: [ConnectionID: SessionRecording] = [:]
    /// The open sessions again, direct-mapped by connection number, unretained (`sessions` owns them):
    /// numbers are dense and events of a few sessions interleave, so nearly every event is found here
    /// without hashing, and reached without a retain.
    @exclusivity(unchecked) private var recent = [RecentSession?](repeating: nil, count: SessionShard.recentCount)
    private static let recentCount = 64

    private struct RecentSession {
        var id: UInt32
        var session: Unmanaged<SessionRecording>
    }

    init(writer: SharedWorkloadWriter) {
        sink = RecordingSink(writer: writer)
    }

    func opened(_ id: ConnectionID, client: Endpoint, server: Endpoint, sawHandshake: Bool, at time: Timestamp) {
        sessions[id] = SessionRecording(id: id.rawValue, client: client, server: server,
                                        startedAt: time.nanoseconds, sawHandshake: sawHandshake, sink: sink)
    }

    func data(_ id: ConnectionID, _ direction: StreamDirection, _ bytes: UnsafeRawBufferPointer, at time: Timestamp) {
        withSession(id) { $0.receive(bytes, from: direction.sender, at: time.nanoseconds) }
    }

    func gap(_ id: ConnectionID, _ direction: StreamDirection, lostBytes: UInt64, at time: Timestamp) {
        withSession(id) { $0.lost(lostBytes, from: direction.sender, at: time.nanoseconds) }
    }

    /// Calls `body` with the open session `id`, if there is one.
    @inline(__always)
    private func withSession(_ id: ConnectionID, _ body: (SessionRecording) -> Void) {
        let slot = Int(id.rawValue) % Self.recentCount
        if let entry = recent[slot], entry.id == id.rawValue {
            // Valid: `sessions` holds the session until `closed`, which clears this entry first.
            entry.session._withUnsafeGuaranteedRef(body)
            return
        }
        guard let session = sessions[id] else { return }
        recent[slot] = RecentSession(id: id.rawValue, session: Unmanaged.passUnretained(session))
        body(session)
    }

    func closed(_ id: ConnectionID, reason: CloseReason, at time: Timestamp) {
        let slot = Int(id.rawValue) % Self.recentCount
        if recent[slot]?.id == id.rawValue { recent[slot] = nil }
        guard let session = sessions.removeValue(forKey: id) else { return }
        session.finish(at: time.nanoseconds)
        guard session.carriesPostgres else { return }
        sink.summary.sessions += 1
        if session.startup != nil { sink.summary.sessionsWithStartup += 1 }
        if session.sawHandshake { sink.summary.sessionsWithHandshake += 1 }
        if session.encrypted { sink.summary.encryptedSessions += 1 }
        sink.summary.bindsOfUnknownStatements += session.assembler.counters.bindsOfUnknownStatements
        sink.summary.unmatchedReplies += session.assembler.counters.unmatchedReplies
        sink.writeSessionStart(of: session)
        sink.write(.sessionEnd(session.sessionEnd(at: time.nanoseconds, reason: reason)))
    }

    /// Handles one event of the TCP stream tracker; throws the first error writing the workload.
    func handle(_ event: StreamEvent) throws(WorkloadFormatError) {
        dispatch(event)
        if let failure = sink.failure { throw failure }
    }

    /// Handles a batch handed over by the packet-reading thread.
    func handle(_ batch: ShardBatch) throws(WorkloadFormatError) {
        batch.forEach(dispatch)
        if let failure = sink.failure { throw failure }
    }

    private func dispatch(_ event: StreamEvent) {
        switch event {
        case .opened(let id, let client, let server, let sawHandshake, let time):
            opened(id, client: client, server: server, sawHandshake: sawHandshake, at: time)
        case .data(let id, let direction, let bytes, let time):
            data(id, direction, bytes, at: time)
        case .gap(let id, let direction, let lostBytes, let time):
            gap(id, direction, lostBytes: lostBytes, at: time)
        case .closed(let id, let reason, let time):
            closed(id, reason: reason, at: time)
        }
    }

    /// Hands the last encoded records to the file and returns the shard's counts, complete once every
    /// session is closed; throws the first error writing the workload.
    func finish() throws(WorkloadFormatError) -> ImportSummary {
        sink.flush()
        if let failure = sink.failure { throw failure }
        sink.finishCounts()
        return sink.summary
    }
}
