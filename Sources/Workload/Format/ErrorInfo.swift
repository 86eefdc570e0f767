/// The ErrorResponse a request got in production, every field in the order the server sent it,
/// so replay can compare SQLSTATEs and reports can show the production message.
public struct ErrorInfo: Sendable, Equatable {
    public var fields: [ErrorField]

    public init(fields: [ErrorField]) {
        self.fields = fields
    }

    /// The value of the first field with this code, or nil if the server did not send it.
    public func value(for code: UInt8) -> String? {
        fields.first { $0.code == code }?.value
    }

    /// Five-character SQLSTATE (field `C`), for example `"23505"`.
    public var sqlState: String? { value(for: UInt8(ascii: "C")) }
    /// Non-localized severity (field `V`), falling back to the localized one (field `S`).
    public var severity: String? { value(for: UInt8(ascii: "V")) ?? value(for: UInt8(ascii: "S")) }
    /// Primary message (field `M`).
    public var message: String? { value(for: UInt8(ascii: "M")) }
    /// Detail (field `D`).
    public var detail: String? { value(for: UInt8(ascii: "D")) }
    /// Hint (field `H`).
    public var hint: String? { value(for: UInt8(ascii: "H")) }
}
