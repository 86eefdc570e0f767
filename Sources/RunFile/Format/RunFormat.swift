/// Constants of the run file format (documented byte by byte in docs/run-format.md). The record
/// frame, CRC-32C and field encodings are those of the workload format.
public enum RunFormat {
    /// The 8 bytes every run file starts with.
    public static let magic: [UInt8] = Array("PGRHRUNF".utf8)
    /// The major format version this build reads and writes. Files with a larger version are refused;
    /// compatible additions (appended fields, ancillary record types) do not change it.
    public static let version: UInt16 = 1
}
