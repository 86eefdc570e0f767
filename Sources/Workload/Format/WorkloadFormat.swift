/// Constants of the workload file format (documented byte by byte in docs/workload-format.md).
public enum WorkloadFormat {
    /// The 8 bytes every workload file starts with.
    public static let magic: [UInt8] = Array("PGRHWKLD".utf8)
    /// The major format version this build reads and writes. Files with a larger version are refused;
    /// compatible additions (appended fields, ancillary record types) do not change it.
    public static let version: UInt16 = 1
    /// Largest record payload a writer produces and a reader accepts (1 GiB), so a damaged length
    /// can never make the reader allocate unbounded memory.
    public static let maximumPayloadLength = 1 << 30
    /// Bytes around each payload: type (1) + length (4) before it, CRC-32C (4) after it.
    package static let recordOverhead = 9
}
