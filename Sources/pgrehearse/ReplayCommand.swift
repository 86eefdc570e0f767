import ArgumentParser
import Dispatch
import Glibc
import Replay

/// `pgrehearse replay`: a workload file → requests against a database → a run file.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a workload's sessions against a database and record every outcome in a run file.",
        discussion: """
            Each captured session becomes one connection that starts at its captured time (scaled by \
            --speed) and sends its requests in captured order: simple queries, named prepared statements, \
            parameters and formats as captured, COPY data, pipelines. Order is kept within a session only, \
            so a replay never waits for another session's turn. Sessions connect as the captured user to \
            the captured database unless --target names a user or dbname; PG* variables and .pgpass apply \
            as in psql. Ctrl-C stops scheduling, lets requests in flight finish (2 s, then cancels them) \
            and leaves a valid run file; a second Ctrl-C cancels at once.

            Exit status: 0 replayed (SQL errors are outcomes, not failures), 1 could not replay (bad \
            workload, unreachable target, wrong password, refused), 64 invalid command line, 130 \
            interrupted (the run file is valid but partial).
            """)

    @Argument(help: "The workload file (from import or capture).")
    var workload: String

    @Option(help: "The database to replay against: a libpq connection string or URI.")
    var target: String

    @Option(name: .shortAndLong, help: "The run file to write (created with mode 0600).")
    var output: String

    @Option(help: "1 = original pacing, N = N times faster, max = no waiting.")
    var speed: ReplaySpeed = .factor(1)

    @Option(help: "At most this many connections at once (default: what the target can still accept, less 2).")
    var maxConnections: Int?

    @Flag(help: "Replay only statements that cannot write.")
    var readOnly = false

    @Flag(help: "Skip statements that change the schema.")
    var noDdl = false

    @Option(help: "Replay shard k of n (1-based): a deterministic subset of the sessions.")
    var shard: ShardSelection?

    @Option(help: "Start of the time window: seconds from the capture's start, or an ISO 8601 time.")
    var from: TimeWindow.Bound?

    @Option(help: "End of the time window (exclusive): seconds from the capture's start, or an ISO 8601 time.")
    var to: TimeWindow.Bound?

    @Option(help: "Start the schedule at this ISO 8601 time, so that shards started separately run in step.")
    var startAt: StartTime?

    @Option(help: "Replay threads (0 = one per session, up to two per processor and 64).")
    var threads = 0

    @Option(help: "Seconds a session keeps trying to reconnect after its connection broke.")
    var reconnectTimeout: Double = 10

    @Flag(help: "Replay writes even when the target is the server the workload was captured from.")
    var allowWritesToCapturedServer = false

    @Flag(help: "Print one JSON object with the summary instead of the summary for people.")
    var json = false

    func validate() throws {
        if let maxConnections, maxConnections <= 0 { throw ValidationError("--max-connections must be positive") }
        if threads < 0 || threads > 64 { throw ValidationError("--threads must be between 0 and 64") }
        if reconnectTimeout < 0 { throw ValidationError("--reconnect-timeout must not be negative") }
    }

    func run() throws {
        var options = ReplayOptions(workloadPath: workload, target: target, output: output)
        options.speed = speed
        options.maxConnections = maxConnections
        options.readOnly = readOnly
        options.noDDL = noDdl
        options.shard = shard ?? .all
        options.window = TimeWindow(from: from, to: to)
        options.threads = threads
        options.reconnectTimeoutSeconds = reconnectTimeout
        options.allowWritesToCapturedServer = allowWritesToCapturedServer
        options.toolVersion = ToolVersion.current
        options.startAt = startAt?.nanoseconds

        let replayer: Replayer
        do {
            replayer = try Replayer(options: options)
        } catch {
            StandardError.line("pgrehearse: \(error)")
            throw ExitCode(1)
        }
        let shared = replayer.shared
        var sources: [DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { shared.requestStop() }
            source.resume()
            sources.append(source)
        }
        let progress = isatty(STDERR_FILENO) == 1 ? ProgressLine(replayer: replayer) : nil
        progress?.start()
        let summary: ReplaySummary
        do {
            summary = try replayer.run()
        } catch {
            progress?.stop()
            StandardError.line("pgrehearse: \(error)")
            throw ExitCode(1)
        }
        progress?.stop()
        sources.forEach { $0.cancel() }
        print(json ? try summary.jsonText() : summary.text())
        if summary.interrupted { throw ExitCode(130) }
    }
}

/// `--start-at`: an ISO 8601 wall-clock time.
struct StartTime: ExpressibleByArgument {
    let nanoseconds: Int64

    init?(argument: String) {
        guard case .absolute(let value) = TimeWindow.Bound(argument: argument) else { return nil }
        nanoseconds = value
    }
}

extension ReplaySpeed: ExpressibleByArgument {}
extension ShardSelection: ExpressibleByArgument {}
extension TimeWindow.Bound: ExpressibleByArgument {}
