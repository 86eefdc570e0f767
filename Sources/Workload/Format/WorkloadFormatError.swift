#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything that can go wrong reading or writing a workload file, each with a one-line message
/// that names the file and, for damage, the byte offset of the damaged record.
public enum WorkloadFormatError: Error, CustomStringConvertible, Equatable {
    /// The file could not be opened for reading (`reason` is the system's message).
    case cannotOpen(path: String, reason: String)
    /// The file could not be created for writing (`reason` is the system's message).
    case cannotCreate(path: String, reason: String)
    /// The file does not start with the workload magic (for example a pcap file or a text file).
    case notAWorkloadFile(path: String, reason: String)
    /// The header carries a format version this build cannot read.
    case unsupportedVersion(path: String, version: UInt16)
    /// A record is damaged or cut short; `offset` is the byte where that record starts.
    case corrupt(path: String, offset: UInt64, reason: String)
    /// Reading failed at the system level (`reason` is the system's message).
    case readFailed(path: String, reason: String)
    /// Writing failed at the system level, or the writer was used after close or a failure.
    case writeFailed(path: String, reason: String)
    /// A record is larger than `WorkloadFormat.maximumPayloadLength` and cannot be stored.
    case recordTooLarge(record: String, bytes: Int)
    /// The output path names one of the input files (`path`), which writing would destroy.
    case outputIsInput(path: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open workload file \(path): \(reason)"
        case .cannotCreate(let path, let reason):
            "cannot create workload file \(path): \(reason)"
        case .notAWorkloadFile(let path, let reason):
            "\(path) is not a pgrehearse workload file: \(reason)"
        case .unsupportedVersion(let path, let version) where version > WorkloadFormat.version:
            "cannot read \(path): workload format version \(version) is newer than this pgrehearse supports "
                + "(\(WorkloadFormat.version)); use a newer pgrehearse"
        case .unsupportedVersion(let path, let version):
            "cannot read \(path): workload format version \(version) is not a valid version"
        case .corrupt(let path, let offset, let reason):
            "workload file \(path) is corrupt at byte \(offset): \(reason)"
        case .readFailed(let path, let reason):
            "cannot read workload file \(path): \(reason)"
        case .writeFailed(let path, let reason):
            "cannot write workload file \(path): \(reason)"
        case .recordTooLarge(let record, let bytes):
            "cannot store a \(record) record of \(bytes) bytes: a workload record holds at most "
                + "\(WorkloadFormat.maximumPayloadLength) bytes"
        case .outputIsInput(let path):
            "refusing to write the workload over \(path): it is one of the inputs; choose another output"
        }
    }

    /// The system's message for an errno value.
    /// A file-level failure of the workload file at `path`.
    package init(_ error: RecordFileIOError, path: String) {
        switch error {
        case .cannotOpen(let reason): self = .cannotOpen(path: path, reason: reason)
        case .cannotCreate(let reason): self = .cannotCreate(path: path, reason: reason)
        case .writeFailed(let reason): self = .writeFailed(path: path, reason: reason)
        }
    }

    /// The system's words for an errno value (shared by every reader and writer of record files).
    package static func systemMessage(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// A framing failure of the workload file at `path`, worded with workload record names.
    static func framing(_ error: RecordFramingError, path: String) -> WorkloadFormatError {
        switch error {
        case .readFailed(let reason):
            .readFailed(path: path, reason: reason)
        case .payloadTooLarge(let type, let bytes):
            .recordTooLarge(record: WorkloadRecordType.name(of: type), bytes: bytes)
        case .endsInsideFrameHeader(let offset, _), .endsInsideRecord(let offset, _, _, _),
             .impossibleLength(let offset, _, _), .checksumMismatch(let offset, _):
            .corrupt(path: path, offset: offset, reason: error.reason(recordName: WorkloadRecordType.name(of:)))
        }
    }
}
