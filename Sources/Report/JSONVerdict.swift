import Analysis
import Foundation

/// The machine-readable verdict that `compare --json FILE` writes, for CI steps and other tools. Its keys
/// are a contract: top level `verdict`, `reasons` (`kind`, `fingerprint`, `statement`, `summary`,
/// `figures`), `fingerprints`, `notes`, `workload`, `errors_by_sqlstate`, `result_examples`, `timeline`,
/// `noise` (null without a control), `policy` (the gate file's keys) and `runs`. Everything else is the
/// model's properties in snake_case (a reason's `fingerprint` is null for a workload-level reason). Fingerprints
/// are 16 hex digits; keys are sorted so diffs stay small.
public enum JSONVerdict {
    /// The comparison as pretty-printed JSON with sorted keys.
    public static func render(_ report: ComparisonReport) throws -> String {
        let data = try encode(report)
        return String(decoding: data, as: UTF8.self)
    }

    /// The comparison as UTF-8 JSON bytes, ending with a newline.
    public static func encode(_ report: ComparisonReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .custom { path in
            guard let last = path.last else { return SnakeCaseKeys.Key(stringValue: "") }
            if last.intValue != nil || SnakeCaseKeys.keepsKey(at: path) { return last }
            return SnakeCaseKeys.Key(stringValue: SnakeCaseKeys.snakeCase(last.stringValue))
        }
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            var data = try encoder.encode(Document(report))
            data.append(UInt8(ascii: "\n"))
            return data
        } catch {
            throw ReportError.cannotEncode(reason: String(describing: error))
        }
    }

    /// Reads a verdict written by `render` back into the comparison, so a report can be re-rendered (as HTML
    /// or Markdown) from the JSON a CI job kept.
    public static func decode(_ data: Data) throws -> ComparisonReport {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            guard let last = path.last else { return SnakeCaseKeys.Key(stringValue: "") }
            if last.intValue != nil || SnakeCaseKeys.keepsKey(at: path) { return last }
            return SnakeCaseKeys.Key(stringValue: SnakeCaseKeys.camelCase(last.stringValue))
        }
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(Document.self, from: data).report
        } catch {
            throw ReportError.cannotDecode(reason: String(describing: error))
        }
    }

    /// A reason with all five contract keys, `fingerprint` null for a workload-level reason (rather than
    /// left out), so that consumers can index every reason the same way.
    private struct Reason: Codable {
        var reason: GateReason

        init(_ reason: GateReason) {
            self.reason = reason
        }

        enum CodingKeys: String, CodingKey {
            case kind
            case fingerprint
            case statement
            case summary
            case figures
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            reason = GateReason(kind: try container.decode(GateReason.Kind.self, forKey: .kind),
                                fingerprint: try container.decodeIfPresent(Fingerprint.self, forKey: .fingerprint),
                                statement: try container.decode(String.self, forKey: .statement),
                                summary: try container.decode(String.self, forKey: .summary),
                                figures: try container.decode([String: Figure].self, forKey: .figures))
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(reason.kind, forKey: .kind)
            try container.encode(reason.fingerprint, forKey: .fingerprint)
            try container.encode(reason.statement, forKey: .statement)
            try container.encode(reason.summary, forKey: .summary)
            try container.encode(reason.figures, forKey: .figures)
        }
    }

    /// The top level, with its contract keys spelled out (and `noise` written as null rather than left out).
    private struct Document: Codable {
        var report: ComparisonReport

        init(_ report: ComparisonReport) {
            self.report = report
        }

        enum CodingKeys: String, CodingKey {
            case verdict
            case reasons
            case notes
            case fingerprints
            case workload
            case errorsBySQLState = "errors_by_sqlstate"
            case resultExamples = "result_examples"
            case timeline
            case noise
            case policy
            case runs
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            report = ComparisonReport(
                verdict: try container.decode(Verdict.self, forKey: .verdict),
                reasons: try container.decode([Reason].self, forKey: .reasons).map(\.reason),
                notes: try container.decode([String].self, forKey: .notes),
                fingerprints: try container.decode([FingerprintComparison].self, forKey: .fingerprints),
                workload: try container.decode(WorkloadComparison.self, forKey: .workload),
                errorsBySQLState: try container.decode([SQLStateCounts].self, forKey: .errorsBySQLState),
                resultExamples: try container.decode([ResultDifferenceExample].self, forKey: .resultExamples),
                timeline: try container.decode(Timeline.self, forKey: .timeline),
                noise: try container.decodeIfPresent(NoiseSummary.self, forKey: .noise),
                policy: try container.decode(GatePolicy.self, forKey: .policy),
                runs: try container.decode(ComparedRuns.self, forKey: .runs))
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(report.verdict, forKey: .verdict)
            try container.encode(report.reasons.map(Reason.init), forKey: .reasons)
            try container.encode(report.notes, forKey: .notes)
            try container.encode(report.fingerprints, forKey: .fingerprints)
            try container.encode(report.workload, forKey: .workload)
            try container.encode(report.errorsBySQLState, forKey: .errorsBySQLState)
            try container.encode(report.resultExamples, forKey: .resultExamples)
            try container.encode(report.timeline, forKey: .timeline)
            try container.encode(report.noise, forKey: .noise)
            try container.encode(report.policy, forKey: .policy)
            try container.encode(report.runs, forKey: .runs)
        }
    }
}
