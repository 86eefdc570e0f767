/// The type byte of a record. Types below 0x80 are critical: a reader that does not know one must stop.
/// Types 0x80 and above are ancillary: a reader that does not know one skips it (after checking its CRC).
enum WorkloadRecordType: UInt8 {
    case header = 0x48        // "H"
    case sessionStart = 0x53  // "S"
    case statement = 0x4E     // "N" (normalized statement)
    case request = 0x52       // "R"
    case sessionEnd = 0x45    // "E"
    case trailer = 0x54       // "T"

    /// Lowest type value of the ancillary (skippable) range.
    static let firstAncillary: UInt8 = 0x80

    /// Name used in error messages; unknown types are shown in hex.
    static func name(of type: UInt8) -> String {
        switch WorkloadRecordType(rawValue: type) {
        case .header: "header"
        case .sessionStart: "session start"
        case .statement: "statement"
        case .request: "request"
        case .sessionEnd: "session end"
        case .trailer: "trailer"
        case nil: "type 0x" + String(type, radix: 16, uppercase: true)
        }
    }
}
