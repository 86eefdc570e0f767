/// One field of an ErrorResponse or NoticeResponse: its one-byte code (`C`, `M`, `S`, ...) and value.
public struct ErrorField: Sendable, Equatable {
    /// Field type byte as sent by the server, for example `UInt8(ascii: "C")` for the SQLSTATE.
    public var code: UInt8
    public var value: String

    public init(code: UInt8, value: String) {
        self.code = code
        self.value = value
    }
}
