/// ReadyForQuery's ('Z') report of the session's transaction state.
public enum TransactionStatus: UInt8, Sendable, Hashable {
    /// 'I': not in a transaction block.
    case idle = 0x49
    /// 'T': inside a transaction block.
    case inTransaction = 0x54
    /// 'E': inside a failed transaction block (queries rejected until it ends).
    case failed = 0x45
}
