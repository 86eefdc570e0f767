/// Why a report could not be produced or written.
public enum ReportError: Error, Sendable, CustomStringConvertible {
    /// The report file could not be written (the system's reason).
    case cannotWrite(path: String, reason: String)
    /// The HTML page template did not parse: a bug in this module, never in the data.
    case invalidTemplate(reason: String)
    /// The comparison could not be encoded as JSON (the encoder's reason).
    case cannotEncode(reason: String)
    /// A JSON verdict could not be read back (the decoder's reason).
    case cannotDecode(reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        case .invalidTemplate(let reason): "the HTML report template is invalid: \(reason)"
        case .cannotEncode(let reason): "cannot encode the comparison as JSON: \(reason)"
        case .cannotDecode(let reason): "cannot read the JSON verdict: \(reason)"
        }
    }
}
