/// The fields of an ErrorResponse ('E') or NoticeResponse ('N'), in wire order.
///
/// Codes are the protocol's one-byte field types ('S' severity, 'C' SQLSTATE, 'M' message, ...).
/// Unknown codes are kept: the protocol says clients must ignore, not reject, them.
public struct ErrorFields: Sendable, Equatable {
    public var fields: [(code: UInt8, value: String)]

    public init(fields: [(code: UInt8, value: String)]) {
        self.fields = fields
    }

    /// The value of field `code` (an ASCII letter such as `UInt8(ascii: "C")`), if present.
    public subscript(code: UInt8) -> String? {
        fields.first { $0.code == code }?.value
    }

    /// Localized severity ('S'): ERROR, FATAL, PANIC, WARNING, NOTICE, DEBUG, INFO, LOG.
    public var severity: String? { self[UInt8(ascii: "S")] }
    /// Severity never localized ('V', servers 9.6+).
    public var severityNonLocalized: String? { self[UInt8(ascii: "V")] }
    /// The SQLSTATE code ('C'), e.g. "23505".
    public var sqlState: String? { self[UInt8(ascii: "C")] }
    /// The primary message ('M').
    public var message: String? { self[UInt8(ascii: "M")] }
    public var detail: String? { self[UInt8(ascii: "D")] }
    public var hint: String? { self[UInt8(ascii: "H")] }
    /// 1-based character position in the query text ('P').
    public var position: String? { self[UInt8(ascii: "P")] }
    public var internalPosition: String? { self[UInt8(ascii: "p")] }
    public var internalQuery: String? { self[UInt8(ascii: "q")] }
    public var context: String? { self[UInt8(ascii: "W")] }
    public var schemaName: String? { self[UInt8(ascii: "s")] }
    public var tableName: String? { self[UInt8(ascii: "t")] }
    public var columnName: String? { self[UInt8(ascii: "c")] }
    public var dataTypeName: String? { self[UInt8(ascii: "d")] }
    public var constraintName: String? { self[UInt8(ascii: "n")] }
    public var file: String? { self[UInt8(ascii: "F")] }
    public var line: String? { self[UInt8(ascii: "L")] }
    public var routine: String? { self[UInt8(ascii: "R")] }

    public static func == (lhs: ErrorFields, rhs: ErrorFields) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.code == $1.code && $0.value == $1.value }
    }

    /// An owned copy of borrowed fields.
    public init(_ fields: BorrowedErrorFields) {
        self.fields = fields.map { ($0.code, $0.value.string) }
    }
}
