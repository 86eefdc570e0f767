/// What a named prepared statement was prepared with: enough to prepare it again on a replay
/// connection (after a reconnect, or when production prepared it before the capture started).
public struct PreparedStatement: Sendable, Equatable {
    public let text: String
    /// Parameter type OIDs of the Parse (0 = let the server infer).
    public let parameterTypes: [UInt32]
}
