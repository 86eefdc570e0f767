/// A statement text with its literals located: the cache key of `Fingerprinter` and the
/// positions needed to rebuild libpg_query's normalized text without calling it.
///
/// Two texts with equal `key` are the same token sequence except for literal values of
/// the same `LiteralClass`, with whitespace runs and comments treated as equal separators.
/// `ShapeScanner` produces it; it refuses (returns `nil`) anything it cannot lex exactly
/// the way PostgreSQL 15 does.
struct StatementShape {
    /// The class of a literal token: everything about a literal that the PostgreSQL lexer
    /// and grammar can tell apart (values of one class parse identically).
    enum LiteralClass: UInt8 {
        /// Digits only, fitting in int32 (PostgreSQL's ICONST).
        case integer = 0x69
        /// Decimal point, exponent, or too large for int32 (FCONST).
        case numeric = 0x66
        /// `-` directly followed by an integer, in a place where the grammar folds the
        /// sign into the constant.
        case negativeInteger = 0x49
        /// `-` directly followed by a numeric literal, folded like `negativeInteger`.
        case negativeNumeric = 0x46
        /// `'…'` (standard conforming) or `$tag$…$tag$` (SCONST).
        case string = 0x73
        /// `B'…'` (BCONST).
        case bitString = 0x62
        /// `X'…'` (XCONST).
        case hexString = 0x78
    }

    struct Literal {
        /// Byte offsets in the UTF-8 text, including any folded `-` and `B`/`X` prefix.
        var range: Range<Int>
        var literalClass: LiteralClass
    }

    /// Whitespace runs and comments become one space, literals become a NUL byte followed
    /// by the class byte (NUL never occurs in a scanned text), everything else is verbatim.
    var key: [UInt8]
    var literals: [Literal]
    /// The highest `$n` parameter number in the text; libpg_query numbers the constants
    /// it replaces from the next number on.
    var highestParameter: Int

    /// The text with every literal replaced by `$n`, numbered after `highestParameter`:
    /// what `pg_query_normalize` returns when its constants are exactly these literals.
    func normalizedText(_ text: UnsafeBufferPointer<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.count + literals.count * 2)
        var copied = 0
        var number = highestParameter
        for literal in literals {
            output.append(contentsOf: text[copied..<literal.range.lowerBound])
            number += 1
            output.append(UInt8(ascii: "$"))
            appendDecimal(number, to: &output)
            copied = literal.range.upperBound
        }
        output.append(contentsOf: text[copied..<text.count])
        return String(decoding: output, as: UTF8.self)
    }

    /// The text with every literal replaced by a different literal of the same class.
    /// If libpg_query gives it the same fingerprint, the fingerprint ignores these
    /// literal values, so any text with this key shares it.
    func perturbedText(_ text: UnsafeBufferPointer<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.count + 8)
        var copied = 0
        for literal in literals {
            output.append(contentsOf: text[copied..<literal.range.lowerBound])
            let original = text[literal.range]
            let (first, second) = Self.replacements(for: literal.literalClass)
            output.append(contentsOf: original.elementsEqual(first) ? second : first)
            copied = literal.range.upperBound
        }
        output.append(contentsOf: text[copied..<text.count])
        return String(decoding: output, as: UTF8.self)
    }

    private static func replacements(for literalClass: LiteralClass) -> ([UInt8], [UInt8]) {
        switch literalClass {
        case .integer: return (Array("1".utf8), Array("2".utf8))
        case .numeric: return (Array("1.5".utf8), Array("2.5".utf8))
        case .negativeInteger: return (Array("-1".utf8), Array("-2".utf8))
        case .negativeNumeric: return (Array("-1.5".utf8), Array("-2.5".utf8))
        case .string: return (Array("'p'".utf8), Array("'q'".utf8))
        case .bitString: return (Array("B'0'".utf8), Array("B'1'".utf8))
        case .hexString: return (Array("X'0'".utf8), Array("X'1'".utf8))
        }
    }

    private func appendDecimal(_ value: Int, to output: inout [UInt8]) {
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var remaining = value
        while divisor > 0 {
            output.append(UInt8(ascii: "0") + UInt8(remaining / divisor))
            remaining %= divisor
            divisor /= 10
        }
    }
}
