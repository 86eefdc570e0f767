#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Workload

/// Everything that can go wrong reading, writing or merging run files, each with a one-line message
/// that names the file and says what to do.
public enum RunFileError: Error, CustomStringConvertible, Equatable {
    /// The file could not be opened for reading (`reason` is the system's message).
    case cannotOpen(path: String, reason: String)
    /// The file could not be created for writing (`reason` is the system's message).
    case cannotCreate(path: String, reason: String)
    /// The file does not start with the run file magic; `reason` says what it looks like instead.
    case notARunFile(path: String, reason: String)
    /// The header carries a format version this build cannot read.
    case unsupportedVersion(path: String, version: UInt16)
    /// A record is damaged; `offset` is the byte where that record starts.
    case corrupt(path: String, offset: UInt64, reason: String)
    /// The file has no trailer: the replay stopped before it finished writing. The complete records
    /// end at `offset`; the `outcomes` before it are valid.
    case cutShort(path: String, offset: UInt64, outcomes: UInt64)
    /// Reading failed at the system level.
    case readFailed(path: String, reason: String)
    /// Writing failed at the system level, or the writer was used after it was closed.
    case writeFailed(path: String, reason: String)
    /// An outcome too large for the format (its payload would exceed 1 GiB).
    case recordTooLarge(record: String, bytes: Int)
    /// A file (the workload) could not be read to compute its hash.
    case cannotHash(path: String, reason: String)
    /// `RunMerger` was given no run file.
    case nothingToMerge
    /// Two run files to merge replayed different workloads.
    case differentWorkloads(path: String, otherPath: String)
    /// Two run files to merge come from replays split into different numbers of shards.
    case differentShardCounts(path: String, count: UInt32, otherPath: String, otherCount: UInt32)
    /// The same shard is in two of the run files to merge.
    case duplicateShard(shard: UInt32, path: String, otherPath: String)
    /// Two run files to merge were replayed with different options (`option` names which).
    case differentOptions(path: String, otherPath: String, option: String)
    /// A header names a shard index outside its shard count.
    case invalidShard(path: String, shard: UInt32, count: UInt32)
    /// The merge output is one of its inputs.
    case outputIsInput(path: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open run file \(path): \(reason)"
        case .cannotCreate(let path, let reason):
            "cannot create run file \(path): \(reason)"
        case .notARunFile(let path, let reason):
            "\(path) is not a pgrehearse run file: \(reason)"
        case .unsupportedVersion(let path, let version) where version > RunFormat.version:
            "cannot read \(path): run format version \(version) is newer than this pgrehearse supports "
                + "(\(RunFormat.version)); use a newer pgrehearse"
        case .unsupportedVersion(let path, let version):
            "cannot read \(path): run format version \(version) is not a valid version"
        case .corrupt(let path, let offset, let reason):
            "run file \(path) is corrupt at byte \(offset): \(reason)"
        case .cutShort(let path, let offset, let outcomes) where outcomes == 0:
            "run file \(path) is incomplete: it ends at byte \(offset) without a trailer and holds no outcomes "
                + "(the replay stopped before writing any)"
        case .cutShort(let path, let offset, let outcomes):
            "run file \(path) is incomplete: it ends at byte \(offset) without a trailer, after \(outcomes) "
                + "outcomes (the replay stopped before finishing the file); those outcomes are usable"
        case .readFailed(let path, let reason):
            "cannot read run file \(path): \(reason)"
        case .writeFailed(let path, let reason):
            "cannot write run file \(path): \(reason)"
        case .recordTooLarge(let record, let bytes):
            "cannot store a run file \(record) record of \(bytes) bytes: a record holds at most "
                + "\(WorkloadFormat.maximumPayloadLength) bytes"
        case .cannotHash(let path, let reason):
            "cannot read \(path) to compute its hash: \(reason)"
        case .nothingToMerge:
            "nothing to merge: give the run files of the shards of one replay"
        case .differentWorkloads(let path, let otherPath):
            "cannot merge \(path) and \(otherPath): they are replays of different workload files"
        case .differentShardCounts(let path, let count, let otherPath, let otherCount):
            "cannot merge \(path) (one of \(count) shards) and \(otherPath) (one of \(otherCount) shards): "
                + "merge only the shards of one replay"
        case .duplicateShard(let shard, let path, let otherPath):
            "cannot merge: shard index \(shard) is in both \(path) and \(otherPath); give each shard once"
        case .differentOptions(let path, let otherPath, let option):
            "cannot merge \(path) and \(otherPath): they were replayed with different \(option)"
        case .invalidShard(let path, let shard, let count):
            "cannot merge \(path): its header names shard index \(shard) of \(count) shards"
        case .outputIsInput(let path):
            "cannot write the merged run to \(path): it is one of the run files to merge; choose another output"
        }
    }

    /// The system's message for an errno value.
    /// A file-level failure of the run file at `path`.
    init(_ error: RecordFileIOError, path: String) {
        switch error {
        case .cannotOpen(let reason): self = .cannotOpen(path: path, reason: reason)
        case .cannotCreate(let reason): self = .cannotCreate(path: path, reason: reason)
        case .writeFailed(let reason): self = .writeFailed(path: path, reason: reason)
        }
    }


    /// A framing failure of the run file at `path`, worded with run record names. A file that ends
    /// inside a record was being written when the replay stopped: it is cut short, not corrupt.
    static func framing(_ error: RecordFramingError, path: String, outcomes: UInt64) -> RunFileError {
        switch error {
        case .readFailed(let reason):
            .readFailed(path: path, reason: reason)
        case .payloadTooLarge(let type, let bytes):
            .recordTooLarge(record: RunRecordType.name(of: type), bytes: bytes)
        case .endsInsideFrameHeader(let offset, _), .endsInsideRecord(let offset, _, _, _):
            .cutShort(path: path, offset: offset, outcomes: outcomes)
        case .impossibleLength(let offset, _, _), .checksumMismatch(let offset, _):
            .corrupt(path: path, offset: offset, reason: error.reason(recordName: RunRecordType.name(of:)))
        }
    }
}
