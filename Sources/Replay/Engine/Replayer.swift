import RunFile
import Foundation
import Synchronization
import Workload

/// Replays a workload against a target and writes the run file: plans (one pass over the workload),
/// probes the target, refuses to write to the captured server, then drives the sessions on a few
/// threads and returns the summary. `shared` lets the caller stop it (Ctrl-C) and watch progress.
public final class Replayer: Sendable {
    public let options: ReplayOptions
    public let plan: ReplayPlan
    public let shared: ReplayShared
    private let parameters: ConnectionParameters
    private let probe: TargetProbe
    private let maxConnections: Int

    /// Reads the workload, connects to the target once and checks it is safe to replay against.
    public init(options: ReplayOptions) throws(ReplayError) {
        if FileIdentity.input(among: [options.workloadPath], sameAs: options.output) != nil {
            throw .runFile("refusing to write the run file over the workload \(options.workloadPath); choose another output")
        }
        let parameters = try ConnectionParameters(target: options.target)
        let filter = RequestFilter(readOnly: options.readOnly, noDDL: options.noDDL)
        let plan = try ReplayPlan.build(workloadPath: options.workloadPath, shard: options.shard,
                                        window: options.window, filter: filter)
        // Probe as the first session will connect (its user and database unless the target names them).
        var probeParameters = parameters
        if let first = plan.sessions.first {
            probeParameters = parameters.forSession(first.start, defaultDatabase: plan.mainDatabase)
        } else {
            probeParameters.setDefault("dbname", plan.mainDatabase)
        }
        let probe = try TargetProbe.probe(probeParameters, display: Self.displayTarget(parameters))
        if plan.writes > 0, !options.allowWritesToCapturedServer,
           TargetSafety.isCapturedServer(address: probe.serverAddress, port: probe.serverPort,
                                         capturedServers: plan.capturedServers) {
            let where_ = [probe.serverAddress ?? "local socket", probe.serverPort ?? "?"].joined(separator: ":")
            throw .targetIsCapturedServer(target: where_, writes: plan.writes)
        }
        // n shards replay at once against the same target: each takes its share of the free connections.
        let available = max(1, ((probe.availableConnections ?? 100) - 2) / Int(options.shard.count))
        self.maxConnections = options.maxConnections ?? available
        self.options = options
        self.plan = plan
        self.parameters = parameters
        self.probe = probe
        self.shared = ReplayShared(maxConnections: maxConnections)
    }

    /// The target for messages: host, port, database and user, never the password.
    static func displayTarget(_ parameters: ConnectionParameters) -> String {
        parameters.display.isEmpty ? "(libpq defaults)" : parameters.display
    }

    public var serverVersion: String { probe.serverVersion }
    public var connectionLimit: Int { maxConnections }

    /// Replay threads when `--threads` is not given: one per session up to two per processor (at most 64).
    ///
    /// A thread that carries several busy sessions answers each only after the others' work: on a 2-core
    /// machine, a `--speed 1` replay of 4 pgbench sessions fell hundreds of milliseconds further behind
    /// with 2 threads than with 4 (Benchmarks/replay.sh). Past that, epoll lets each thread carry many
    /// mostly idle sessions, and more threads only cost CPU (about 5 % per doubling on 1,000 sessions).
    public static func defaultThreadCount(sessions: Int, processors: Int) -> Int {
        max(1, min(sessions, 2 * max(1, processors), 64))
    }

    /// Replays every planned session and writes the run file. SQL errors are outcomes, not failures;
    /// this throws only when the run file cannot be written or a thread cannot start.
    public func run() throws(ReplayError) -> ReplaySummary {
        let workloadHash: UInt64
        do throws(RunFileError) {
            workloadHash = try StableHash.hashFile(path: options.workloadPath)
        } catch {
            throw .runFile(error.description)
        }
        Self.allowOpenFiles(plan.sessions.count + 64)
        let threadCount = options.threads > 0
            ? options.threads
            : Self.defaultThreadCount(sessions: plan.sessions.count, processors: ProcessInfo.processInfo.activeProcessorCount)
        let clock = Self.waitForStart(options.startAt, captureStart: plan.captureStart, speed: options.speed, shared: shared)
        var filters = RequestFilter(readOnly: options.readOnly, noDDL: options.noDDL).names
        if let from = options.window.from { filters.append("from=\(Self.describe(from))") }
        if let to = options.window.to { filters.append("to=\(Self.describe(to))") }
        let header = RunHeader(
            toolVersion: options.toolVersion, workloadPath: options.workloadPath, workloadHash: workloadHash,
            workloadRequests: plan.workloadRequests, target: Self.displayTarget(parameters),
            serverVersion: probe.serverVersion, systemIdentifier: probe.systemIdentifier, settings: probe.settings,
            speed: options.speed.storedFactor, shardIndex: options.shard.index, shardCount: options.shard.count,
            filters: filters, startedAt: clock.startEpoch, captureStart: plan.captureStart,
            hostName: ProcessInfo.processInfo.hostName)
        let writer: SharedRunWriter
        do throws(RunFileError) {
            writer = SharedRunWriter(try Self.startRunFile(path: options.output, header: header, plan: plan))
        } catch {
            throw .runFile(error.description)
        }

        // Sessions are dealt round-robin in connect order, so each thread gets a share of every period.
        var shares = Array(repeating: [PlannedSession](), count: threadCount)
        for (index, session) in plan.sessions.enumerated() { shares[index % threadCount].append(session) }
        let builders = Mutex<[ReplaySummaryBuilder]>([])
        let failures = Mutex<[String]>([])
        let group = DispatchGroup()
        for (index, share) in shares.enumerated() where !share.isEmpty {
            group.enter()
            let thread = Thread { [options, parameters, plan, shared] in
                defer { group.leave() }
                do {
                    let file = try WorkloadRequestFile(path: options.workloadPath)
                    let sink = ThreadOutcomeSink(writer: writer, shared: shared)
                    let context = ReplayContext(
                        requestFile: file, filter: RequestFilter(readOnly: options.readOnly, noDDL: options.noDDL),
                        clock: clock, parameters: parameters, statements: plan.statements, marksSyncGroups: plan.marksSyncGroups,
                        defaultDatabase: plan.mainDatabase, sink: sink,
                        shared: shared, reconnectTimeout: Int64(options.reconnectTimeoutSeconds * 1e9))
                    try ReplayLoop(context: context, sessions: share, sink: sink).run()
                    let summary = sink.summary
                    builders.withLock { $0.append(summary) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            thread.name = "replay-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        let ended = ReplayClock.epochNow()

        var builder = ReplaySummaryBuilder()
        for part in builders.withLock({ $0 }) { builder.merge(part) }
        var summary = builder.build(sessions: plan.sessions.count, durationSeconds: Double(ended - clock.startEpoch) / 1e9,
                                    normalizedTexts: plan.normalizedTexts)
        summary.connectionsLost = shared.connectionsLost.load(ordering: .relaxed)
        let preparedAgain = shared.statementsPreparedAgain.load(ordering: .relaxed)
        if preparedAgain > 0 { summary.approximations["statement_prepared_again", default: 0] += preparedAgain }
        let deallocations = shared.deallocationsAdded.load(ordering: .relaxed)
        if deallocations > 0 { summary.approximations["deallocate_for_close", default: 0] += deallocations }
        summary.interrupted = shared.stopLevelValue > 0
        summary.speed = options.speed.description
        summary.threads = shares.count { !$0.isEmpty }
        summary.serverVersion = probe.serverVersion
        summary.captureDurationS = Double(max(0, plan.captureEnd - plan.captureStart)) / 1e9
        summary.runFile = options.output
        let trailer = RunTrailer(endedAt: ended, outcomes: writer.outcomesWritten, interrupted: summary.interrupted,
                                 summaryJSON: (try? summary.jsonText()) ?? "{}")
        if let error = writer.finish(trailer) { throw .runFile(error.description) }
        if let failure = failures.withLock({ $0.first }) { throw .system(failure) }
        return summary
    }

    /// Creates the run file and writes what makes it readable without the workload, right after the
    /// header and before any outcome: the capture's import summary and the normalized text of every
    /// fingerprint of the planned requests.
    static func startRunFile(path: String, header: RunHeader, plan: ReplayPlan) throws(RunFileError) -> RunWriter {
        let writer = try RunWriter(path: path, header: header)
        do throws(RunFileError) {
            if let summary = plan.captureSummaryJSON { try writer.write(captureSummary: summary) }
            for statement in plan.runStatements { try writer.write(statement: statement) }
        } catch {
            try? writer.close()
            throw error
        }
        return writer
    }

    /// The schedule's clock, starting now or at `startAt` (waited for here; a stop request ends the wait).
    static func waitForStart(_ startAt: Int64?, captureStart: Int64, speed: ReplaySpeed, shared: ReplayShared) -> ReplayClock {
        guard let startAt else { return ReplayClock(captureStart: captureStart, speed: speed) }
        while shared.stopLevelValue == 0 {
            let left = startAt - ReplayClock.epochNow()
            if left <= 0 { break }
            Thread.sleep(forTimeInterval: min(Double(left) / 1e9, 0.1))
        }
        let monotonic = ReplayClock.monotonicNow()
        let epoch = ReplayClock.epochNow()
        return ReplayClock(captureStart: captureStart, speed: speed, startMonotonic: monotonic + (startAt - epoch),
                           startEpoch: startAt)
    }

    /// Each session holds a socket: raise the soft limit on open files (often 1024) as far as the hard
    /// limit allows, as a thousand sessions need.
    static func allowOpenFiles(_ count: Int) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(count) else { return }
        limit.rlim_cur = min(limit.rlim_max, rlim_t(count))
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    static func describe(_ bound: TimeWindow.Bound) -> String {
        switch bound {
        case .offset(let seconds): "\(seconds)s"
        case .absolute(let nanoseconds): "\(nanoseconds)ns"
        }
    }
}
