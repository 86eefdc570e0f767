/// One reason the gate failed: what kind of evidence, on which statement, in one sentence, with the
/// figures that decided it (JSON: `kind`, `fingerprint`, `statement`, `summary`, `figures`).
public struct GateReason: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case errors
        case results
        case latency
    }

    public var kind: Kind
    /// The statement's fingerprint; nil for a workload-level reason.
    public var fingerprint: Fingerprint?
    /// Normalized statement text (literals as `$n`); empty for a workload-level reason.
    public var statement: String
    /// One sentence for people, for example "new error 42703 (undefined_column) in 12 of 12 requests".
    public var summary: String
    /// The numbers behind the decision, by name (`p_value`, `ratio`, `new_errors`, `sqlstate`, ...).
    public var figures: [String: Figure]

    public init(kind: Kind, fingerprint: Fingerprint?, statement: String, summary: String, figures: [String: Figure]) {
        self.kind = kind
        self.fingerprint = fingerprint
        self.statement = statement
        self.summary = summary
        self.figures = figures
    }
}

/// A figure in a reason: a number or a short text (such as a SQLSTATE), encoded as a JSON number or string.
public enum Figure: Sendable, Codable, Equatable {
    case number(Double)
    case text(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        }
    }
}
