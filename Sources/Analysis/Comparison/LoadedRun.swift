import Dispatch
import RunFile
import Synchronization

/// A run file read into memory in compact form, outcomes sorted by (session, sequence) for pairing.
struct LoadedRun: Sendable {
    let path: String
    let header: RunHeader
    let trailer: RunTrailer?
    /// The warning when the file was cut short (the replay was killed); nil for a complete file.
    let cutShort: String?
    /// Normalized statement texts by fingerprint, as the run file carries them.
    let statements: [UInt64: String]
    /// The capture's import summary (JSON), when the run file carries it.
    let captureSummaryJSON: String?
    /// Outcomes sorted by key; a key appears once.
    private(set) var outcomes: [CompactOutcome]

    /// Reads every outcome of the run file at `path`, numbering fingerprints, tags and errors in `tables`.
    static func load(path: String, tables: inout ComparisonTables) throws(ComparisonError) -> LoadedRun {
        let reader: RunReader
        do {
            reader = try RunReader(path: path)
        } catch {
            throw .unreadableRun(error)
        }
        let start = reader.header.startedAt
        var outcomes: [CompactOutcome] = []
        outcomes.reserveCapacity(Int(min(reader.header.workloadRequests, 50_000_000)))
        var lastFingerprint: UInt64 = 0
        var lastIndex: UInt32 = 0
        do {
            while let outcome = try reader.next() {
                let fingerprint = outcome.fingerprint ?? 0
                if fingerprint != lastFingerprint {
                    lastFingerprint = fingerprint
                    lastIndex = tables.fingerprints.index(of: fingerprint)
                }
                let tags = outcome.commandTags.isEmpty ? 0 : tables.tagLists.index(of: outcome.commandTags)
                var errorIndex: UInt32 = 0
                if let error = outcome.error {
                    // A connection error without a SQLSTATE counts as "connection failure".
                    errorIndex = tables.errors.index(of: ErrorKey(sqlState: error.sqlState ?? "08006", message: error.message ?? ""))
                }
                let executed = outcome.status == .executed
                outcomes.append(CompactOutcome(
                    key: UInt64(outcome.session) << 32 | UInt64(outcome.sequence),
                    completedOffset: outcome.completedAt.map { $0 - start } ?? -1,
                    serviceTime: executed ? max(0, outcome.serviceTime ?? -1) : -1,
                    orderedChecksum: outcome.orderedChecksum,
                    unorderedChecksum: outcome.unorderedChecksum,
                    rows: outcome.rows,
                    fingerprint: lastIndex,
                    tags: tags,
                    error: errorIndex,
                    status: outcome.status))
            }
        } catch {
            throw .unreadableRun(error)
        }
        outcomes = sortedByKey(outcomes)
        // A key twice (never written by pgrehearse; a hand-made merge could): keep the first.
        var unique: [CompactOutcome] = []
        unique.reserveCapacity(outcomes.count)
        for outcome in outcomes where unique.last?.key != outcome.key { unique.append(outcome) }
        return LoadedRun(
            path: path, header: reader.header, trailer: reader.trailer, cutShort: reader.cutShort?.description,
            statements: reader.statements, captureSummaryJSON: reader.captureSummaryJSON,
            outcomes: unique)
    }

    /// Reads several run files at once (one thread each, as the processors allow), then renumbers
    /// their outcomes into one set of tables so that indexes compare across runs.
    static func loadAll(paths: [String], tables: inout ComparisonTables) throws(ComparisonError) -> [LoadedRun] {
        let results = Mutex<[Int: Result<(LoadedRun, ComparisonTables), ComparisonError>]>([:])
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            var own = ComparisonTables()
            let result: Result<(LoadedRun, ComparisonTables), ComparisonError>
            do throws(ComparisonError) {
                let run = try load(path: paths[index], tables: &own)
                result = .success((run, own))
            } catch {
                result = .failure(error)
            }
            results.withLock { $0[index] = result }
        }
        var runs: [LoadedRun] = []
        for index in paths.indices {
            guard let result = results.withLock({ $0[index] }) else { continue }
            var (run, own) = try result.get()
            run.renumber(from: own, into: &tables)
            runs.append(run)
        }
        return runs
    }

    /// Rewrites the outcomes' indexes from the tables they were loaded with into `tables`.
    mutating func renumber(from own: ComparisonTables, into tables: inout ComparisonTables) {
        let fingerprints = own.fingerprints.values.map { tables.fingerprints.index(of: $0) }
        let tagLists = own.tagLists.values.map { tables.tagLists.index(of: $0) }
        let errors = own.errors.values.map { tables.errors.index(of: $0) }
        for index in outcomes.indices {
            outcomes[index].fingerprint = fingerprints[Int(outcomes[index].fingerprint)]
            outcomes[index].tags = tagLists[Int(outcomes[index].tags)]
            outcomes[index].error = errors[Int(outcomes[index].error)]
        }
    }

    /// `outcomes` in key order. A replay writes each session's outcomes in sequence order, interleaved
    /// with other sessions', so a stable counting sort by session usually finishes the job in O(n);
    /// anything else falls back to a full sort.
    static func sortedByKey(_ outcomes: [CompactOutcome]) -> [CompactOutcome] {
        func isSorted(_ array: [CompactOutcome]) -> Bool {
            zip(array, array.dropFirst()).allSatisfy { $0.key < $1.key }
        }
        if isSorted(outcomes) { return outcomes }
        let maximumSession = outcomes.reduce(UInt64(0)) { max($0, $1.key >> 32) }
        guard maximumSession < 1 << 24 else { return outcomes.sorted { $0.key < $1.key } }
        var starts = Array(repeating: 0, count: Int(maximumSession) + 2)
        for outcome in outcomes { starts[Int(outcome.key >> 32) + 1] += 1 }
        for index in 1..<starts.count { starts[index] += starts[index - 1] }
        var sorted = outcomes
        for outcome in outcomes {
            let session = Int(outcome.key >> 32)
            sorted[starts[session]] = outcome
            starts[session] += 1
        }
        return isSorted(sorted) ? sorted : sorted.sorted { $0.key < $1.key }
    }
}
