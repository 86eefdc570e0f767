/// What the fingerprinter knows about one statement text.
public struct FingerprintResult: Sendable, Hashable {
    /// The libpg_query fingerprint, or `nil` when the text does not parse.
    public var fingerprint: StatementFingerprint?
    /// The text with constants replaced by `$n` (libpg_query's normalization); when the
    /// text does not parse, the text with whitespace runs collapsed to single spaces.
    public var normalizedText: String
    /// The parser's message (with the character position) when the text does not parse.
    public var parseError: String?

    public init(fingerprint: StatementFingerprint?, normalizedText: String, parseError: String?) {
        self.fingerprint = fingerprint
        self.normalizedText = normalizedText
        self.parseError = parseError
    }
}
