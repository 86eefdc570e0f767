import RunFile
import SQLFingerprint
import Workload

/// Decides which requests a replay leaves out, and why (`--read-only`, `--no-ddl`, requests that
/// libpq cannot send). Classifying a statement parses it, so answers are cached per fingerprint.
public struct RequestFilter: Sendable {
    /// Skip reasons, as they appear in the summary's `skipped` object.
    public enum Reason {
        /// `--read-only`: the statement may write (or could not be parsed to prove it does not).
        public static let mayWrite = "may_write"
        /// `--no-ddl`: the statement changes the schema.
        public static let ddl = "ddl"
        /// A Bind named a statement prepared before the capture, and no text for that name is known.
        public static let statementUnknown = "statement_prepared_before_capture"
        /// A fast-path FunctionCall: libpq's PQfn has no asynchronous form.
        public static let functionCall = "function_call"
        /// A later Execute of a portal that production ran with a row limit: replay ran it whole.
        public static let portalContinuation = "portal_continuation"
    }

    public let readOnly: Bool
    public let noDDL: Bool
    private var writes: [UInt64: Bool] = [:]
    private var ddl: [UInt64: Bool] = [:]

    public init(readOnly: Bool = false, noDDL: Bool = false) {
        self.readOnly = readOnly
        self.noDDL = noDDL
    }

    /// The filters that are on, as recorded in run headers.
    public var names: [String] {
        (readOnly ? ["read_only"] : []) + (noDDL ? ["no_ddl"] : [])
    }

    /// Why `request` (whose statement text is `text`, resolved from elsewhere in the workload when the
    /// capture missed its Parse) is not to be sent; nil when it is.
    public mutating func skipReason(for request: Request, text: String?) -> String? {
        skipReason(kind: request.kind, fingerprint: request.fingerprint, text: text)
    }

    /// The same from the request's kind and fingerprint.
    mutating func skipReason(kind: RequestKind, fingerprint: UInt64?, text: String?) -> String? {
        if kind == .functionCall { return Reason.functionCall }
        guard let text else { return Reason.statementUnknown }
        if readOnly, mayWrite(text, fingerprint: fingerprint) { return Reason.mayWrite }
        if noDDL, isDDL(text, fingerprint: fingerprint) { return Reason.ddl }
        return nil
    }

    /// Whether the statement may write; unparsable text counts as a write (it cannot be proven harmless).
    public mutating func mayWrite(_ text: String, fingerprint: UInt64?) -> Bool {
        let key = fingerprint ?? textKey(text)
        if let known = writes[key] { return known }
        let answer = StatementClassifier.isReadOnly(text) != true
        writes[key] = answer
        return answer
    }

    /// A cache key for a text without a fingerprint (a hash collision only shares a cached answer).
    private func textKey(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { StableHash.hash(UnsafeRawBufferPointer($0)) } | 1 << 63
    }

    private mutating func isDDL(_ text: String, fingerprint: UInt64?) -> Bool {
        let key = fingerprint ?? textKey(text)
        if let known = ddl[key] { return known }
        let answer = StatementClassifier.containsDDL(text) ?? false
        ddl[key] = answer
        return answer
    }
}
