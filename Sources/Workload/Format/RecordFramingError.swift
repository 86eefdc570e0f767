/// Why reading or writing a record frame (type, length, payload, CRC-32C) failed, said without naming
/// the kind of file: the framing is shared by workload files and run files, and each reader turns
/// this into its own user-facing error (with its record names and, for run files, "cut short").
package enum RecordFramingError: Error, Equatable {
    /// read(2) failed (`reason` is the system's message).
    case readFailed(reason: String)
    /// The input ends inside the 5-byte type + length of the record at `offset`.
    case endsInsideFrameHeader(offset: UInt64, present: Int)
    /// The input ends inside the record at `offset`: `present` of its `total` bytes exist.
    case endsInsideRecord(offset: UInt64, type: UInt8, present: UInt64, total: Int)
    /// The length field exceeds `WorkloadFormat.maximumPayloadLength`.
    case impossibleLength(offset: UInt64, type: UInt8, length: Int)
    /// The stored CRC-32C does not match the record's bytes.
    case checksumMismatch(offset: UInt64, type: UInt8)
    /// An encoded payload exceeds the limit; nothing was appended.
    case payloadTooLarge(type: UInt8, bytes: Int)

    /// File offset of the damaged record, when the error is about one.
    package var offset: UInt64? {
        switch self {
        case .readFailed, .payloadTooLarge: nil
        case .endsInsideFrameHeader(let offset, _), .endsInsideRecord(let offset, _, _, _),
             .impossibleLength(let offset, _, _), .checksumMismatch(let offset, _): offset
        }
    }

    /// The reason in words, with record types named by `recordName`, as readers put it after
    /// "corrupt at byte N: ".
    package func reason(recordName: (UInt8) -> String) -> String {
        switch self {
        case .readFailed(let reason):
            reason
        case .endsInsideFrameHeader(_, let present):
            "file ends inside a record header (\(present) of 5 bytes present)"
        case .endsInsideRecord(_, let type, let present, let total):
            "file ends inside a \(recordName(type)) record (\(present) of \(total) bytes present)"
        case .impossibleLength(_, let type, let length):
            "impossible length \(length) in \(recordName(type)) record (at most \(WorkloadFormat.maximumPayloadLength))"
        case .checksumMismatch(_, let type):
            "checksum mismatch in \(recordName(type)) record"
        case .payloadTooLarge(let type, let bytes):
            "a \(recordName(type)) record of \(bytes) bytes exceeds the limit of \(WorkloadFormat.maximumPayloadLength) bytes"
        }
    }
}
