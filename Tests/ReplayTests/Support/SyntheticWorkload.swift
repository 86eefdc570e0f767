import Foundation
import TestSupport
import Workload

/// Workload files written request by request, for replay situations no real client produces on demand
/// (a thousand concurrent sessions, a pipeline with known Sync points).
enum SyntheticWorkload {
    /// A session for `write`: its start and its requests in order.
    struct Session {
        var start: SessionStart
        var requests: [Request]
    }

    static let epoch: Int64 = 1_800_000_000_000_000_000

    static func session(_ number: UInt32, startedAt: Int64, database: String, requests: [Request]) -> Session {
        Session(start: SessionStart(session: number, startedAt: startedAt, client: "10.9.9.9:\(40000 + number)",
                                    server: "10.9.9.1:5432", sawHandshake: true, sawStartup: true, protocolVersion: 196_608,
                                    user: "postgres", database: database, applicationName: "synthetic"),
                requests: requests)
    }

    /// Writes the sessions (interleaved in time order, as a capture would) and returns the path;
    /// `statements` are written first, and `summaryJSON` goes in the trailer.
    static func write(_ sessions: [Session], statements: [Statement] = [], summaryJSON: String = "{}",
                      into directory: TemporaryDirectory, name: String) throws -> String {
        let path = directory.path(name)
        let writer = try WorkloadWriter(path: path, header: WorkloadHeader(toolVersion: "test", createdAt: epoch,
                                                                           sources: ["synthetic"], serverPorts: [5432]))
        var records: [(Int64, Int, WorkloadRecord)] = []
        for session in sessions {
            records.append((session.start.startedAt, 0, .sessionStart(session.start)))
            for request in session.requests { records.append((request.completedAt ?? request.sentAt, 1, .request(request))) }
            let end = (session.requests.last?.completedAt ?? session.start.startedAt) + 1_000
            records.append((end, 2, .sessionEnd(SessionEnd(session: session.start.session, endedAt: end, reason: "terminate"))))
        }
        records.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        for statement in statements { try writer.write(.statement(statement)) }
        for record in records { try writer.write(record.2) }
        let requests = sessions.reduce(0) { $0 + $1.requests.count }
        try writer.write(.trailer(WorkloadTrailer(firstTimestamp: records.first?.0, lastTimestamp: records.last?.0,
                                                  sessions: UInt32(sessions.count), requests: UInt64(requests),
                                                  summaryJSON: summaryJSON)))
        try writer.close()
        return path
    }
}
