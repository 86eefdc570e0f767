/// Computes statement fingerprints and normalized texts with libpg_query, with a cache
/// that makes the common case (the same statement with different literals, as pgbench
/// in simple protocol mode or an ORM without prepared statements sends) cost a scan of
/// the text instead of a parse.
///
/// The cache is keyed by the statement's *shape*: the text with literals replaced by
/// their class, comments dropped and whitespace collapsed (see `StatementShape`). A new
/// shape is admitted only after checking, with libpg_query itself, that (1) its literals
/// are exactly the constants `pg_query_normalize` replaces and (2) changing their values
/// does not change the fingerprint. Texts that do not pass, or that the scanner does not
/// understand, are always computed directly; so a cached answer equals the direct one.
///
/// A value type with a mutable cache: use one per thread or task (it is `Sendable`, so it
/// can be moved, but concurrent mutation is not possible by construction).
public struct Fingerprinter: Sendable {
    /// What a shape key is known to map to.
    private enum CachedShape: Sendable {
        /// Every text with this shape has this fingerprint.
        case fingerprint(StatementFingerprint)
        /// Texts with this shape must be computed by libpg_query each time.
        case uncacheable
    }

    /// Number of distinct shapes kept before the cache is emptied and refilled.
    public let cacheCapacity: Int
    /// Requests answered from the cache (useful to check the cache works for a workload).
    public private(set) var cacheHits = 0
    /// Requests that needed libpg_query.
    public private(set) var cacheMisses = 0

    private var cache: [ShapeKey: CachedShape] = [:]

    /// - Parameter cacheCapacity: distinct statement shapes to remember (about 100–300
    ///   bytes each); 0 disables the cache.
    public init(cacheCapacity: Int = 100_000) {
        self.cacheCapacity = max(0, cacheCapacity)
    }

    /// The fingerprint and normalized text of `sql` (which may hold several statements).
    public mutating func fingerprint(_ sql: String) -> FingerprintResult {
        guard cacheCapacity > 0 else {
            cacheMisses += 1
            return Self.uncachedFingerprint(sql)
        }
        var text = sql
        return text.withUTF8 { bytes in
            lookUp(sql, bytes: bytes)
        }
    }

    private mutating func lookUp(_ sql: String, bytes: UnsafeBufferPointer<UInt8>) -> FingerprintResult {
        if bytes.contains(0) {
            cacheMisses += 1
            return Self.uncachedFingerprint(sql)
        }
        guard let shape = ShapeScanner.scan(bytes) else {
            cacheMisses += 1
            return Self.uncachedFingerprint(sql)
        }
        let key = ShapeKey(bytes: shape.key)
        switch cache[key] {
        case .fingerprint(let fingerprint):
            cacheHits += 1
            return FingerprintResult(fingerprint: fingerprint, normalizedText: shape.normalizedText(bytes), parseError: nil)
        case .uncacheable:
            cacheMisses += 1
            return Self.uncachedFingerprint(sql)
        case nil:
            cacheMisses += 1
            let result = Self.uncachedFingerprint(sql)
            if cache.count >= cacheCapacity { cache.removeAll(keepingCapacity: true) }
            cache[key] = Self.verify(shape, of: bytes, against: result)
            return result
        }
    }

    /// Admits a shape only when libpg_query agrees with the scanner (see the type's doc).
    private static func verify(
        _ shape: StatementShape, of bytes: UnsafeBufferPointer<UInt8>, against result: FingerprintResult
    ) -> CachedShape {
        guard let fingerprint = result.fingerprint, result.parseError == nil,
              shape.normalizedText(bytes) == result.normalizedText
        else { return .uncacheable }
        if !shape.literals.isEmpty {
            guard case .success(let perturbed) = PgQuery.fingerprint(shape.perturbedText(bytes)),
                  perturbed == fingerprint.value
            else { return .uncacheable }
        }
        return .fingerprint(fingerprint)
    }

    /// A shape key hashed as one block of bytes (an `[UInt8]` hashes byte by byte, which
    /// dominated the cost of a cache hit).
    private struct ShapeKey: Hashable, Sendable {
        var bytes: [UInt8]

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    /// The answer straight from libpg_query, bypassing any cache (about 10–50 µs).
    public static func uncachedFingerprint(_ sql: String) -> FingerprintResult {
        switch PgQuery.fingerprint(sql) {
        case .failure(let error):
            return FingerprintResult(fingerprint: nil, normalizedText: collapsingWhitespace(sql), parseError: error.description)
        case .success(let value):
            let normalized: String
            switch PgQuery.normalize(sql) {
            case .success(let text): normalized = text
            case .failure: normalized = collapsingWhitespace(sql)
            }
            return FingerprintResult(fingerprint: StatementFingerprint(value: value), normalizedText: normalized, parseError: nil)
        }
    }

    /// `sql` with leading and trailing whitespace removed and inner runs replaced by one space.
    static func collapsingWhitespace(_ sql: String) -> String {
        sql.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
