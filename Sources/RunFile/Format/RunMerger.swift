#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Workload

/// Merges the run files of the shards of one replay (`--shard k/n` on several machines or processes)
/// into one run file, so that comparing and reporting see the whole replay.
///
/// Refused (nothing is written): run files of different workloads (their workload hashes differ),
/// of different shard counts, replayed at a different speed or with different filters, or holding
/// the same shard twice. Inputs may themselves be merges of some shards.
///
/// The merged header is the header of the input holding the lowest shard, except: `startedAt` is the
/// earliest of all, `hostName` lists the distinct host names, and the shards are 0 of 1 when every
/// shard is present, else `shardCount` stays and `mergedShards` lists the shards held.
///
/// Outcomes are merged k-way by the inputs' next outcome (earliest `scheduledAt`, then session and
/// sequence, then input order). Each input is written roughly in completion order, so the output is
/// only roughly in schedule order; order carries no meaning in a run file (runs are compared request
/// by request on session and sequence). Memory is one read buffer per input and one write buffer.
///
/// The merged file carries the union of the inputs' statement records (the first input in the given
/// order wins a fingerprint with two texts) and the capture record of the first input that has one,
/// right after the header: writers put them before their first outcome, and every input's first
/// outcome is read before the first outcome is written. Records an input holds after its first
/// outcome are not lost: those not written yet follow the last outcome, before the trailer.
///
/// The merged trailer (only when every input has one; otherwise the merged file is cut short too):
/// `endedAt` is the latest, `outcomes` the number written, `interrupted` if any input was, and
/// `summaryJSON` is `{"inputs":[{"shards":[…],"summary":…},…],"merged_shards":[…],"shard_count":n}`
/// with each input's summary embedded as is (as a JSON string if it is not valid JSON).
public enum RunMerger {
    /// Merges the run files at `inputPaths` into a new run file at `outputPath` (mode 0600). On any
    /// error the output file is removed.
    @discardableResult
    public static func merge(_ inputPaths: [String], into outputPath: String) throws(RunFileError) -> RunMergeResult {
        guard !inputPaths.isEmpty else { throw .nothingToMerge }
        if FileIdentity.input(among: inputPaths, sameAs: outputPath) != nil {
            throw .outputIsInput(path: outputPath)
        }
        var readers: [RunReader] = []
        for path in inputPaths {
            readers.append(try RunReader(path: path))
        }
        let header = try mergedHeader(readers.map { (path: $0.path, header: $0.header) })
        let writer = try RunWriter(path: outputPath, header: header)
        do throws(RunFileError) {
            var heads: [ReplayOutcome?] = []
            for reader in readers {
                heads.append(try reader.next())
            }
            var copied = CopiedAncillary()
            try copyAncillary(from: readers, to: writer, copied: &copied)
            while let index = earliest(heads), let head = heads[index] {
                try writer.write(head)
                heads[index] = try readers[index].next()
            }
            try copyAncillary(from: readers, to: writer, copied: &copied)
            let incomplete = readers.filter { !$0.sawTrailer }.map(\.path)
            var trailer: RunTrailer?
            if incomplete.isEmpty {
                let merged = mergedTrailer(readers.map { (header: $0.header, trailer: $0.trailer!) },
                                           outcomes: writer.outcomesWritten)
                try writer.finish(trailer: merged)
                trailer = merged
            } else {
                try writer.close()
            }
            return RunMergeResult(header: header, trailer: trailer, outcomes: writer.outcomesWritten,
                                  incompleteInputs: incomplete)
        } catch {
            try? writer.close()
            unlink(outputPath)
            throw error
        }
    }

    /// What `copyAncillary` already wrote to the merged file.
    private struct CopiedAncillary {
        var fingerprints: Set<UInt64> = []
        var captureSummary = false
    }

    /// Writes the statement texts (by ascending fingerprint, deterministic) and the capture summary
    /// the inputs have read so far and the merged file does not hold yet.
    private static func copyAncillary(from readers: [RunReader], to writer: RunWriter,
                                      copied: inout CopiedAncillary) throws(RunFileError) {
        if !copied.captureSummary, let summary = readers.lazy.compactMap(\.captureSummaryJSON).first {
            try writer.write(captureSummary: summary)
            copied.captureSummary = true
        }
        var pending: [UInt64: String] = [:]
        for reader in readers {
            for (fingerprint, text) in reader.statements
            where !copied.fingerprints.contains(fingerprint) && pending[fingerprint] == nil {
                pending[fingerprint] = text
            }
        }
        for (fingerprint, text) in pending.sorted(by: { $0.key < $1.key }) {
            try writer.write(statement: Statement(fingerprint: fingerprint, normalizedText: text))
            copied.fingerprints.insert(fingerprint)
        }
    }

    /// Index of the head outcome to write next, nil when every input is exhausted.
    static func earliest(_ heads: [ReplayOutcome?]) -> Int? {
        var best: Int?
        for (index, head) in heads.enumerated() {
            guard let head else { continue }
            guard let current = best, let bestHead = heads[current] else {
                best = index
                continue
            }
            if (head.scheduledAt, head.session, head.sequence) < (bestHead.scheduledAt, bestHead.session, bestHead.sequence) {
                best = index
            }
        }
        return best
    }

    /// The header of the merged run, or why these runs cannot be merged. Pure.
    static func mergedHeader(_ inputs: [(path: String, header: RunHeader)]) throws(RunFileError) -> RunHeader {
        guard let first = inputs.first else { throw .nothingToMerge }
        var owner: [UInt32: String] = [:]
        for input in inputs {
            let header = input.header
            if header.workloadHash != first.header.workloadHash {
                throw .differentWorkloads(path: first.path, otherPath: input.path)
            }
            if header.shardCount != first.header.shardCount {
                throw .differentShardCounts(path: first.path, count: first.header.shardCount,
                                            otherPath: input.path, otherCount: header.shardCount)
            }
            if header.speed != first.header.speed {
                throw .differentOptions(path: first.path, otherPath: input.path,
                                        option: "speeds (\(first.header.speed) and \(header.speed))")
            }
            if header.filters != first.header.filters {
                throw .differentOptions(path: first.path, otherPath: input.path,
                                        option: "filters (\(describe(first.header.filters)) and \(describe(header.filters)))")
            }
            let shards = header.shards
            for (position, shard) in shards.enumerated() {
                guard shard < header.shardCount, position == 0 || shards[position - 1] < shard else {
                    throw .invalidShard(path: input.path, shard: shard, count: header.shardCount)
                }
                if let other = owner[shard] {
                    throw .duplicateShard(shard: shard, path: other, otherPath: input.path)
                }
                owner[shard] = input.path
            }
        }
        let ordered = inputs.sorted { $0.header.shards[0] < $1.header.shards[0] }
        var merged = ordered[0].header
        merged.formatVersion = RunFormat.version
        merged.startedAt = inputs.map(\.header.startedAt).min()!
        var hostNames: [String] = []
        for input in ordered where !input.header.hostName.isEmpty {
            for name in input.header.hostName.components(separatedBy: ", ") where !hostNames.contains(name) {
                hostNames.append(name)
            }
        }
        merged.hostName = hostNames.joined(separator: ", ")
        let allShards = owner.keys.sorted()
        if allShards.count == Int(first.header.shardCount) {
            merged.shardIndex = 0
            merged.shardCount = 1
            merged.mergedShards = []
        } else {
            merged.shardIndex = allShards[0]
            merged.mergedShards = allShards
        }
        return merged
    }

    /// The trailer of the merged run, from complete inputs. Pure.
    static func mergedTrailer(_ inputs: [(header: RunHeader, trailer: RunTrailer)], outcomes: UInt64) -> RunTrailer {
        let ordered = inputs.sorted { $0.header.shards[0] < $1.header.shards[0] }
        let shards = ordered.flatMap(\.header.shards).sorted()
        let summaries = ordered.map { input in
            "{\"shards\":[\(input.header.shards.map(String.init).joined(separator: ","))],"
                + "\"summary\":\(embeddableJSON(input.trailer.summaryJSON))}"
        }
        let summary = "{\"inputs\":[\(summaries.joined(separator: ","))],"
            + "\"merged_shards\":[\(shards.map(String.init).joined(separator: ","))],"
            + "\"shard_count\":\(inputs.first?.header.shardCount ?? 1)}"
        return RunTrailer(
            endedAt: inputs.map(\.trailer.endedAt).max() ?? 0,
            outcomes: outcomes,
            interrupted: inputs.contains { $0.trailer.interrupted },
            summaryJSON: summary)
    }

    /// `text` if it is valid JSON, else `text` as a JSON string, so the merged summary stays valid.
    private static func embeddableJSON(_ text: String) -> String {
        let data = Data(text.utf8)
        if (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil {
            return text
        }
        guard let quoted = try? JSONEncoder().encode(text) else { return "null" }
        return String(decoding: quoted, as: UTF8.self)
    }

    private static func describe(_ filters: [String]) -> String {
        filters.isEmpty ? "none" : filters.joined(separator: " ")
    }
}
