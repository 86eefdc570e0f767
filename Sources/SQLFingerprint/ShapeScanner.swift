/// A small lexer that follows PostgreSQL 15's scanner (scan.l) closely enough to find the
/// literals of a statement text, producing its `StatementShape`.
///
/// It returns `nil` for anything it does not lex exactly like PostgreSQL (escape strings
/// `E'…'`, Unicode escapes `U&`, `N'…'`, string continuation across newlines, trailing
/// junk after numbers, unterminated quotes or comments, unknown characters): those texts
/// simply bypass the cache. Pure function of the bytes; no I/O.
enum ShapeScanner {
    static func scan(_ text: UnsafeBufferPointer<UInt8>) -> StatementShape? {
        var scanner = Scanner(text: text)
        return scanner.run()
    }

    /// The token before the current one, as far as sign folding needs to know.
    private enum PreviousToken {
        case start
        /// `(`, `,`, `[` or `;`: an expression may start after it.
        case openingPunctuation
        /// One character of an operator (`+`, `<`, `@`, …).
        case operatorCharacter
        /// An unquoted identifier or keyword.
        case word(Range<Int>)
        /// Anything after which a `-` is a binary minus (literals, `)`, quoted identifiers…).
        case other
    }

    private struct Scanner {
        let text: UnsafeBufferPointer<UInt8>
        var index = 0
        var key: [UInt8] = []
        var literals: [StatementShape.Literal] = []
        var highestParameter = 0
        /// Whitespace or a comment was skipped since the last token.
        var sawSeparator = false
        var previous = PreviousToken.start
        var previousWasStringLiteral = false
        /// The current run of adjacent operator characters contains one of `~!@#^&|`?%`,
        /// so PostgreSQL keeps a trailing `-` inside the operator.
        var operatorRunHasSpecialCharacter = false
        /// A `-` just emitted that the grammar would fold into an adjacent number.
        var foldableMinus: (keyIndex: Int, textIndex: Int)?

        init(text: UnsafeBufferPointer<UInt8>) {
            self.text = text
            key.reserveCapacity(text.count)
        }

        mutating func run() -> StatementShape? {
            let count = text.count
            while index < count {
                let byte = text[index]
                if isSpace(byte) {
                    index += 1
                    sawSeparator = true
                    continue
                }
                if byte == ascii("-"), peek(1) == ascii("-") {
                    while index < count, text[index] != ascii("\n"), text[index] != ascii("\r") { index += 1 }
                    sawSeparator = true
                    continue
                }
                if byte == ascii("/"), peek(1) == ascii("*") {
                    guard skipBlockComment() else { return nil }
                    sawSeparator = true
                    continue
                }
                let adjacent = !sawSeparator
                if sawSeparator {
                    if !key.isEmpty { key.append(ascii(" ")) }
                    sawSeparator = false
                }
                let tokenStart = index
                // Every token consumes at least one byte; the check keeps a scanner bug
                // from ever turning into an endless loop on unusual input.
                guard scanToken(startingWith: byte, adjacent: adjacent), index > tokenStart else { return nil }
            }
            return StatementShape(key: key, literals: literals, highestParameter: highestParameter)
        }

        /// Scans one token at `index`; false when the text must bypass the cache.
        private mutating func scanToken(startingWith byte: UInt8, adjacent: Bool) -> Bool {
            let start = index
            let minus = foldableMinus
            foldableMinus = nil
            let continuesOperatorRun: Bool
            if case .operatorCharacter = previous, adjacent { continuesOperatorRun = true } else { continuesOperatorRun = false }

            if byte == ascii("'") {
                guard let end = quotedEnd(from: start, quote: byte, doubling: true) else { return false }
                return appendStringLiteral(.string, start..<end)
            }
            if byte == ascii("\"") {
                guard let end = quotedEnd(from: start, quote: byte, doubling: true) else { return false }
                appendVerbatim(start..<end, as: .other)
                return true
            }
            if isDigit(byte) || (byte == ascii(".") && isDigit(peek(1))) {
                return scanNumber(from: start, foldingMinus: minus)
            }
            if isIdentifierStart(byte) {
                return scanWord(from: start)
            }
            if byte == ascii("$") {
                return scanDollar(from: start)
            }
            if isOperatorCharacter(byte) {
                let special = isSpecialOperatorCharacter(byte)
                operatorRunHasSpecialCharacter = special || (continuesOperatorRun && operatorRunHasSpecialCharacter)
                if byte == ascii("-"), !operatorRunHasSpecialCharacter, signMayFold() {
                    foldableMinus = (keyIndex: key.count, textIndex: start)
                }
                appendVerbatim(start..<(start + 1), as: .operatorCharacter)
                return true
            }
            switch byte {
            case ascii("("), ascii(","), ascii("["), ascii(";"):
                appendVerbatim(start..<(start + 1), as: .openingPunctuation)
                return true
            case ascii(")"), ascii("]"), ascii("."), ascii(":"):
                appendVerbatim(start..<(start + 1), as: .other)
                return true
            default:
                return false
            }
        }

        /// Whether a `-` after the previous token is a prefix minus the grammar folds into
        /// a following numeric constant (a mistake here only costs a cache miss: the
        /// fingerprinter verifies every new shape against libpg_query).
        private func signMayFold() -> Bool {
            switch previous {
            case .start, .openingPunctuation, .operatorCharacter:
                return true
            case .word(let range):
                return isFoldingKeyword(range)
            case .other:
                return false
            }
        }

        private mutating func scanNumber(from start: Int, foldingMinus minus: (keyIndex: Int, textIndex: Int)?) -> Bool {
            let count = text.count
            var end = start
            var isInteger = true
            while end < count, isDigit(text[end]) { end += 1 }
            if end < count, text[end] == ascii(".") {
                // `1..` is PostgreSQL's decimalfail (an integer followed by `..`).
                if end + 1 < count, text[end + 1] == ascii(".") { return false }
                isInteger = false
                end += 1
                while end < count, isDigit(text[end]) { end += 1 }
            }
            if end < count, text[end] == ascii("e") || text[end] == ascii("E") {
                var exponent = end + 1
                if exponent < count, text[exponent] == ascii("+") || text[exponent] == ascii("-") { exponent += 1 }
                guard exponent < count, isDigit(text[exponent]) else { return false }
                while exponent < count, isDigit(text[exponent]) { exponent += 1 }
                end = exponent
                isInteger = false
            }
            // PostgreSQL 15 rejects "trailing junk after numeric literal" (1abc, 0x1F, 1_000).
            if end < count, isIdentifierStart(text[end]) || text[end] == ascii(".") || text[end] == ascii("$") {
                return false
            }
            let fitsInt32 = isInteger && digitsFitInt32(start..<end)
            index = end
            if let minus, minus.textIndex + 1 == start {
                key.removeSubrange(minus.keyIndex...)
                appendLiteral(fitsInt32 ? .negativeInteger : .negativeNumeric, minus.textIndex..<end)
            } else {
                appendLiteral(fitsInt32 ? .integer : .numeric, start..<end)
            }
            return true
        }

        private mutating func scanWord(from start: Int) -> Bool {
            let count = text.count
            var end = start + 1
            while end < count, isIdentifierContinuation(text[end]) { end += 1 }
            let length = end - start
            if length == 1, end < count {
                let first = text[start] | 0x20  // ASCII lowercase
                let next = text[end]
                if next == ascii("'") {
                    switch first {
                    case ascii("e"), ascii("n"):
                        return false  // escape strings and national character strings
                    case ascii("b"), ascii("x"):
                        // Bit strings end at the next quote (no doubling inside them).
                        var close = end + 1
                        while close < count, text[close] != ascii("'") { close += 1 }
                        guard close < count else { return false }
                        return appendStringLiteral(first == ascii("b") ? .bitString : .hexString, start..<(close + 1))
                    default:
                        break
                    }
                }
                if first == ascii("u"), next == ascii("&") { return false }
            }
            appendVerbatim(start..<end, as: .word(start..<end))
            return true
        }

        /// `$n` parameters and `$tag$…$tag$` dollar-quoted strings.
        private mutating func scanDollar(from start: Int) -> Bool {
            let count = text.count
            var end = start + 1
            if end < count, isDigit(text[end]) {
                while end < count, isDigit(text[end]) { end += 1 }
                guard end - start - 1 <= 9 else { return false }
                // PostgreSQL 15 rejects `$1abc` (trailing junk after parameter).
                if end < count, isIdentifierStart(text[end]) || text[end] == ascii("$") { return false }
                var number = 0
                for position in (start + 1)..<end { number = number * 10 + Int(text[position] - ascii("0")) }
                highestParameter = max(highestParameter, number)
                appendVerbatim(start..<end, as: .other)
                return true
            }
            if end < count, text[end] != ascii("$") {
                guard isIdentifierStart(text[end]) else { return false }
                while end < count, isIdentifierStart(text[end]) || isDigit(text[end]) { end += 1 }
            }
            guard end < count, text[end] == ascii("$") else { return false }
            let tag = start..<(end + 1)
            guard let close = find(tag, from: end + 1) else { return false }
            return appendStringLiteral(.string, start..<(close + tag.count))
        }

        private mutating func appendStringLiteral(_ literalClass: StatementShape.LiteralClass, _ range: Range<Int>) -> Bool {
            // Two adjacent string constants are either one constant continued across a
            // newline or a syntax error, depending on the whitespace: not cacheable.
            if previousWasStringLiteral { return false }
            index = range.upperBound
            appendLiteral(literalClass, range)
            previousWasStringLiteral = true
            return true
        }

        private mutating func appendLiteral(_ literalClass: StatementShape.LiteralClass, _ range: Range<Int>) {
            key.append(0)
            key.append(literalClass.rawValue)
            literals.append(StatementShape.Literal(range: range, literalClass: literalClass))
            previous = .other
            previousWasStringLiteral = false
        }

        private mutating func appendVerbatim(_ range: Range<Int>, as token: PreviousToken) {
            index = range.upperBound
            key.append(contentsOf: text[range])
            previous = token
            previousWasStringLiteral = false
        }

        /// End (one past the closing quote) of a quoted token starting at `start`.
        private func quotedEnd(from start: Int, quote: UInt8, doubling: Bool) -> Int? {
            let count = text.count
            var position = start + 1
            while position < count {
                if text[position] == quote {
                    if doubling, position + 1 < count, text[position + 1] == quote {
                        position += 2
                        continue
                    }
                    return position + 1
                }
                position += 1
            }
            return nil
        }

        /// Skips a `/* … */` comment, which nests in PostgreSQL.
        private mutating func skipBlockComment() -> Bool {
            let count = text.count
            var depth = 0
            while index < count {
                if text[index] == ascii("/"), peek(1) == ascii("*") {
                    depth += 1
                    index += 2
                } else if text[index] == ascii("*"), peek(1) == ascii("/") {
                    depth -= 1
                    index += 2
                    if depth == 0 { return true }
                } else {
                    index += 1
                }
            }
            return false
        }

        private func find(_ needle: Range<Int>, from start: Int) -> Int? {
            let count = text.count
            let length = needle.count
            var position = start
            while position + length <= count {
                if text[position] == text[needle.lowerBound],
                   text[position..<(position + length)].elementsEqual(text[needle]) {
                    return position
                }
                position += 1
            }
            return nil
        }

        private func peek(_ offset: Int) -> UInt8 {
            let position = index + offset
            return position < text.count ? text[position] : 0
        }

        private func digitsFitInt32(_ range: Range<Int>) -> Bool {
            var value = 0
            for position in range {
                value = value * 10 + Int(text[position] - ascii("0"))
                if value > Int(Int32.max) { return false }
            }
            return true
        }

        private func isFoldingKeyword(_ range: Range<Int>) -> Bool {
            guard range.count >= 2, range.count <= 9 else { return false }
            var lowercased: [UInt8] = []
            lowercased.reserveCapacity(range.count)
            for position in range {
                let byte = text[position]
                lowercased.append(byte >= ascii("A") && byte <= ascii("Z") ? byte | 0x20 : byte)
            }
            return ShapeScanner.foldingKeywords.contains(lowercased)
        }
    }

    /// Reserved words after which `-` can only be a prefix sign.
    private static let foldingKeywords: Set<[UInt8]> = Set([
        "select", "where", "and", "or", "not", "then", "else", "when", "case",
        "limit", "offset", "returning", "having", "on", "between",
    ].map { Array($0.utf8) })
}

@inline(__always) private func ascii(_ scalar: Unicode.Scalar) -> UInt8 { UInt8(ascii: scalar) }

/// PostgreSQL 15's `space`: `[ \t\n\r\f]`.
@inline(__always) private func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
}

@inline(__always) private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

/// `ident_start`: `[A-Za-z\200-\377_]`.
@inline(__always) private func isIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || byte >= 0x80
}

/// `ident_cont`: `[A-Za-z\200-\377_0-9\$]`.
@inline(__always) private func isIdentifierContinuation(_ byte: UInt8) -> Bool {
    isIdentifierStart(byte) || isDigit(byte) || byte == 0x24
}

/// `op_chars`: `[\~\!\@\#\^\&\|\`\?\+\-\*\/\%\<\>\=]`.
@inline(__always) private func isOperatorCharacter(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x7E, 0x21, 0x40, 0x23, 0x5E, 0x26, 0x7C, 0x60, 0x3F, 0x2B, 0x2D, 0x2A, 0x2F, 0x25, 0x3C, 0x3E, 0x3D:
        return true
    default:
        return false
    }
}

/// Characters that keep a trailing `+`/`-` inside a multi-character operator.
@inline(__always) private func isSpecialOperatorCharacter(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x7E, 0x21, 0x40, 0x23, 0x5E, 0x26, 0x7C, 0x60, 0x3F, 0x25:
        return true
    default:
        return false
    }
}
