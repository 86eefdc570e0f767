/// The type byte of a run file record. Types below 0x80 are critical: a reader that does not know one
/// must stop. Types 0x80 and above are ancillary: a reader that does not know one skips it, so the
/// ancillary types added within format version 1 (statement, capture) keep older readers working.
enum RunRecordType: UInt8 {
    case header = 0x48     // "H"
    case outcome = 0x4F    // "O"
    case trailer = 0x54    // "T"
    case statement = 0xCE  // "N" | 0x80: a fingerprint's normalized text (ancillary)
    case capture = 0xC3    // "C" | 0x80: the workload's import summary (ancillary)

    /// Lowest type value of the ancillary (skippable) range.
    static let firstAncillary: UInt8 = 0x80

    /// Name used in error messages; unknown types are shown in hex.
    static func name(of type: UInt8) -> String {
        switch RunRecordType(rawValue: type) {
        case .header: "header"
        case .outcome: "outcome"
        case .trailer: "trailer"
        case .statement: "statement"
        case .capture: "capture"
        case nil: "type 0x" + String(type, radix: 16, uppercase: true)
        }
    }

    /// "an outcome record", "a trailer record", ...: the name with its article, for messages.
    static func withArticle(_ type: UInt8) -> String {
        RunRecordType(rawValue: type) == .outcome ? "an outcome record" : "a \(name(of: type)) record"
    }
}
