import Foundation
import LocalPostgres
import Workload

/// A workload file recorded live from a real client, kept (with the cluster it was recorded on) until the
/// test process exits, so replay tests can resend it to copies of the database on the same cluster.
public struct RecordedWorkload: Sendable {
    /// The cluster the client ran against; running until the process exits.
    public let cluster: ThrowawayCluster
    /// The database the client used.
    public let database: String
    /// The workload file; tests must not modify it, other tests read it too.
    public let workloadPath: String
    /// What the recording counted.
    public let summary: ImportSummary
    /// Every record of the workload file, in file order.
    public let records: [WorkloadRecord]

    public var requests: [Request] { records.compactMap { if case .request(let r) = $0 { r } else { nil } } }
    public var sessionStarts: [SessionStart] { records.compactMap { if case .sessionStart(let s) = $0 { s } else { nil } } }
    public var sessionEnds: [SessionEnd] { records.compactMap { if case .sessionEnd(let e) = $0 { e } else { nil } } }

    /// The requests of one session in the order the client sent them.
    public func requests(ofSession session: UInt32) -> [Request] {
        requests.filter { $0.session == session }.sorted { $0.sequence < $1.sequence }
    }

    /// Records `client` on `cluster`'s port and keeps the workload as `<name>.pgw` in the process's fixture
    /// folder. The capture catches up before it stops, and any loss it counts fails the recording: a
    /// fixture must hold every message the client sent.
    static func record(name: String, cluster: ThrowawayCluster, database: String,
                       _ client: () throws -> Void) throws -> RecordedWorkload {
        let run = try LiveCaptureRun.record(port: cluster.port, catchingUp: true, client)
        let summary = run.summary
        let losses = [
            ("packets dropped", Int(summary.packetsDropped ?? 0)), ("gap bytes", Int(summary.gapBytes)),
            ("resynchronized bytes", Int(summary.resynchronizedBytes)), ("incomplete bytes", Int(summary.incompleteBytes)),
            ("unmatched replies", Int(summary.unmatchedReplies)), ("decode errors", summary.decodeErrors.count),
        ].filter { $0.1 != 0 }
        guard losses.isEmpty else {
            let counts = losses.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
            throw LiveTestFailure("the \(name) capture is incomplete (\(counts)): \(summary.decodeErrors)")
        }
        let path = try ProcessLifetimeResources.directory() + "/\(name).pgw"
        try FileManager.default.copyItem(atPath: run.workloadPath, toPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return RecordedWorkload(cluster: cluster, database: database, workloadPath: path,
                                summary: summary, records: run.records)
    }
}
