import SQLFingerprint
import Workload

/// Everything replay needs to know about a workload before the first connection opens, gathered in one
/// streaming pass over the file: the sessions of this shard and time window, where their requests are,
/// statement texts known by name, what the requests may write, and the capture's time range.
public struct ReplayPlan: Sendable {
    public let workloadPath: String
    public let header: WorkloadHeader
    public let trailer: WorkloadTrailer?
    /// Sessions to replay, by production connect time.
    public let sessions: [PlannedSession]
    /// Time zero of the replay schedule: the start of the window (or of the capture), ns since the epoch.
    public let captureStart: Int64
    /// The last request's send time in the window.
    public let captureEnd: Int64
    /// Requests to replay (in this shard and window), before filters.
    public let requests: UInt64
    /// Requests in the whole workload.
    public let workloadRequests: UInt64
    /// Sessions in the whole workload (with at least one request).
    public let workloadSessions: Int
    /// Statement texts (and Parse parameter types) of prepared statement names that have exactly one text
    /// in the whole workload: used for Binds of statements prepared before the capture started, and to
    /// prepare a statement again on a new connection.
    public let statements: [String: PreparedStatement]
    /// Whether the workload marks the end of each Sync group (`RequestFlags.endsSyncGroup`); older files
    /// do not, and replay then infers it from the transaction status.
    public let marksSyncGroups: Bool
    /// Normalized text of each fingerprint, for summaries.
    public let normalizedTexts: [UInt64: String]
    /// Fingerprints of the requests to replay (this shard and window, before filters): the ones the
    /// run file's outcomes can carry.
    public let requestFingerprints: Set<UInt64>
    /// Requests of this plan that may write, after `--read-only`/`--no-ddl`.
    public let writes: UInt64
    /// Server addresses (`host:port`) the workload was captured from.
    public let capturedServers: Set<String>
    /// The most common captured database, used to probe the target when `--target` names none.
    public let mainDatabase: String?

    /// The capture's import summary (the workload trailer's `summaryJSON`), which the run file keeps so
    /// that it can be reported without the workload; nil when the workload was cut short.
    public var captureSummaryJSON: String? { trailer?.summaryJSON }

    /// The statement records of this plan's run file: the normalized text of each fingerprint of the
    /// requests to replay, by ascending fingerprint (deterministic). Fingerprints the workload has no
    /// text for are left out.
    public var runStatements: [Statement] {
        requestFingerprints.sorted().compactMap { fingerprint in
            normalizedTexts[fingerprint].map { Statement(fingerprint: fingerprint, normalizedText: $0) }
        }
    }

    /// Reads the workload once. Requests outside `window` and sessions outside `shard` are left out.
    public static func build(
        workloadPath: String,
        shard: ShardSelection = .all,
        window: TimeWindow = TimeWindow(),
        filter: RequestFilter = RequestFilter()
    ) throws(ReplayError) -> ReplayPlan {
        do throws(WorkloadFormatError) {
            var builder = PlanBuilder(path: workloadPath, shard: shard, window: window, filter: filter)
            return try builder.build()
        } catch {
            throw .workload(error.description)
        }
    }

    init(workloadPath: String, header: WorkloadHeader, trailer: WorkloadTrailer?, sessions: [PlannedSession],
         captureStart: Int64, captureEnd: Int64, requests: UInt64, workloadRequests: UInt64, workloadSessions: Int,
         statements: [String: PreparedStatement], marksSyncGroups: Bool, normalizedTexts: [UInt64: String],
         requestFingerprints: Set<UInt64>, writes: UInt64, capturedServers: Set<String>, mainDatabase: String?) {
        self.workloadPath = workloadPath
        self.header = header
        self.trailer = trailer
        self.sessions = sessions
        self.captureStart = captureStart
        self.captureEnd = captureEnd
        self.requests = requests
        self.workloadRequests = workloadRequests
        self.workloadSessions = workloadSessions
        self.statements = statements
        self.marksSyncGroups = marksSyncGroups
        self.normalizedTexts = normalizedTexts
        self.requestFingerprints = requestFingerprints
        self.writes = writes
        self.capturedServers = capturedServers
        self.mainDatabase = mainDatabase
    }
}

/// The single pass behind `ReplayPlan.build`.
private struct PlanBuilder {
    let path: String
    let shard: ShardSelection
    let window: TimeWindow
    var filter: RequestFilter

    init(path: String, shard: ShardSelection, window: TimeWindow, filter: RequestFilter) {
        self.path = path
        self.shard = shard
        self.window = window
        self.filter = filter
    }

    mutating func build() throws(WorkloadFormatError) -> ReplayPlan {
        // A window in seconds is relative to the capture's first timestamp, which only the trailer (at
        // the end) or a whole pass knows: find it first, then plan in a second pass.
        let captureFirst = needsCaptureStart ? try Self.firstTimestamp(path: path) : 0
        let bounds = window.resolved(captureStart: captureFirst)
        let reader = try WorkloadReader(path: path)
        var starts: [UInt32: SessionStart] = [:]
        var offsets: [UInt32: [(sequence: UInt32, request: PlannedRequest)]] = [:]
        var firstSent: [UInt32: Int64] = [:]
        var textsByName: [String: PreparedStatement] = [:]
        var marksSyncGroups = false
        var earliestInWindow = Int64.max
        var sessionsInWindow: Set<UInt32> = []
        var ambiguousNames: Set<String> = []
        var normalized: [UInt64: String] = [:]
        var requestFingerprints: Set<UInt64> = []
        var unresolved: [Request] = []
        var earliest = Int64.max
        var workloadRequests: UInt64 = 0
        var sessionsWithRequests: Set<UInt32> = []
        var databases: [String: Int] = [:]
        var servers: Set<String> = []
        var requests: UInt64 = 0
        var writes: UInt64 = 0
        var captureEnd = Int64.min

        var offset = reader.offset
        while let record = try reader.next() {
            defer { offset = reader.offset }
            switch record {
            case .sessionStart(let start):
                starts[start.session] = start
                earliest = min(earliest, start.startedAt)
                servers.insert(start.server)
                if let database = start.database { databases[database, default: 0] += 1 }
            case .statement(let statement):
                if normalized[statement.fingerprint] == nil { normalized[statement.fingerprint] = statement.normalizedText }
            case .request(let request):
                workloadRequests += 1
                sessionsWithRequests.insert(request.session)
                earliest = min(earliest, request.sentAt)
                if request.flags.contains(.endsSyncGroup) { marksSyncGroups = true }
                if !request.statementName.isEmpty, let text = request.text, !ambiguousNames.contains(request.statementName) {
                    if let known = textsByName[request.statementName], known.text != text {
                        ambiguousNames.insert(request.statementName)
                        textsByName[request.statementName] = nil
                    } else if request.kind == .prepare || textsByName[request.statementName] == nil {
                        textsByName[request.statementName] = PreparedStatement(text: text, parameterTypes: request.parameterTypeOIDs)
                    }
                }
                guard bounds?.contains(request.sentAt) == true else { continue }
                // Every shard's schedule starts at the same capture time, so shards run in step.
                earliestInWindow = min(earliestInWindow, request.sentAt)
                sessionsInWindow.insert(request.session)
                guard shard.contains(session: request.session) else { continue }
                requests += 1
                if let fingerprint = request.fingerprint { requestFingerprints.insert(fingerprint) }
                offsets[request.session, default: []].append((request.sequence, PlannedRequest(offset: offset, request: request)))
                firstSent[request.session] = min(firstSent[request.session] ?? .max, request.sentAt)
                captureEnd = max(captureEnd, request.sentAt)
                if request.text == nil {
                    unresolved.append(Request(session: request.session, sequence: request.sequence, kind: request.kind,
                                              sentAt: request.sentAt, statementName: request.statementName,
                                              fingerprint: request.fingerprint))
                } else if mayWrite(request, text: request.text) {
                    writes += 1
                }
            case .sessionEnd, .trailer:
                break
            }
        }
        for request in unresolved where mayWrite(request, text: textsByName[request.statementName]?.text) {
            writes += 1
        }
        var sessions: [PlannedSession] = []
        var captureStart = Int64.max
        for (session, list) in offsets {
            let start = starts[session] ?? SessionStart(session: session, startedAt: firstSent[session]!, client: "?", server: "?")
            let planned = PlannedSession(start: start,
                                         requests: list.sorted { $0.sequence < $1.sequence }.map(\.request),
                                         firstRequestAt: firstSent[session]!)
            sessions.append(planned)
        }
        // Time zero: the earliest connect (without a window) or request in the window, over all shards.
        if window.from == nil {
            for session in sessionsInWindow {
                if let start = starts[session], start.sawStartup { captureStart = min(captureStart, start.startedAt) }
            }
        }
        captureStart = min(captureStart, earliestInWindow)
        sessions.sort { ($0.connectAt, $0.start.session) < ($1.connectAt, $1.start.session) }
        if let from = window.from { captureStart = min(captureStart, from.resolve(captureStart: captureFirst)) }
        if sessions.isEmpty {
            captureStart = earliest == .max ? 0 : earliest
            captureEnd = captureStart
        }
        return ReplayPlan(
            workloadPath: path, header: reader.header, trailer: reader.trailer, sessions: sessions,
            captureStart: captureStart, captureEnd: captureEnd, requests: requests,
            workloadRequests: workloadRequests, workloadSessions: sessionsWithRequests.count,
            statements: textsByName, marksSyncGroups: marksSyncGroups, normalizedTexts: normalized,
            requestFingerprints: requestFingerprints, writes: writes, capturedServers: servers,
            mainDatabase: databases.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key)
    }

    private var needsCaptureStart: Bool {
        [window.from, window.to].contains { if case .offset = $0 { true } else { false } }
    }

    /// Whether a request that the filters let through may write (named Parses never write by themselves).
    private mutating func mayWrite(_ request: Request, text: String?) -> Bool {
        guard request.kind != .prepare, filter.skipReason(for: request, text: text) == nil, let text else { return false }
        return filter.mayWrite(text, fingerprint: request.fingerprint)
    }

    /// The capture's first timestamp: from the trailer, or the earliest time in the file when it was cut.
    private static func firstTimestamp(path: String) throws(WorkloadFormatError) -> Int64 {
        let reader = try WorkloadReader(path: path)
        var earliest = Int64.max
        while let record = try reader.next() {
            switch record {
            case .sessionStart(let start): earliest = min(earliest, start.startedAt)
            case .request(let request): earliest = min(earliest, request.sentAt)
            case .trailer(let trailer): if let first = trailer.firstTimestamp { return first }
            default: break
            }
        }
        return earliest == .max ? 0 : earliest
    }
}

