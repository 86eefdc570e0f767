import Workload

/// What happened to one request of the workload when it was replayed: the unit that two runs are
/// compared by (request by request, matched on `session` and `sequence`).
///
/// Times are nanoseconds since the Unix epoch on the replaying machine's clock. Latency is measured
/// from `scheduledAt` (when the request should have been sent, so a slow target cannot hide its
/// slowness by delaying later sends: no coordinated omission); service time from `sentAt`.
public struct ReplayOutcome: Sendable, Equatable {
    /// Session number in the workload.
    public var session: UInt32
    /// Sequence of the request within its session (as in the workload).
    public var sequence: UInt32
    /// libpg_query fingerprint of the statement, copied from the workload.
    public var fingerprint: UInt64?
    /// What became of the request.
    public var status: ReplayStatus
    /// Why the request was not sent, when `status` is `.skipped` (for example `"read_only"`).
    public var skipReason: String?
    /// When the request was due, from the capture's timing scaled by the replay speed.
    public var scheduledAt: Int64
    /// When its first byte was handed to the connection; nil when it was never sent.
    public var sentAt: Int64?
    /// When its last result arrived; nil when it never completed.
    public var completedAt: Int64?
    /// One CommandComplete tag per completed statement, as libpq reported them.
    public var commandTags: [String]
    /// Rows affected or returned (the row count of the last command tag that has one, as in the workload).
    public var rows: UInt64
    /// Data rows (or COPY TO STDOUT lines) received.
    public var dataRows: UInt64
    /// The error the server (or the connection) gave, if any.
    public var error: ErrorInfo?
    /// Transaction status after the request (`I`, `T` or `E`); nil when unknown.
    public var transactionStatus: UInt8?
    /// Checksum of the returned rows that depends on their order.
    public var orderedChecksum: UInt64
    /// Checksum of the returned rows that ignores their order (a multiset hash).
    public var unorderedChecksum: UInt64
    /// How this outcome differs from the production outcome recorded in the workload.
    public var productionMismatch: ProductionMismatch

    public init(
        session: UInt32,
        sequence: UInt32,
        fingerprint: UInt64? = nil,
        status: ReplayStatus,
        skipReason: String? = nil,
        scheduledAt: Int64,
        sentAt: Int64? = nil,
        completedAt: Int64? = nil,
        commandTags: [String] = [],
        rows: UInt64 = 0,
        dataRows: UInt64 = 0,
        error: ErrorInfo? = nil,
        transactionStatus: UInt8? = nil,
        orderedChecksum: UInt64 = 0,
        unorderedChecksum: UInt64 = 0,
        productionMismatch: ProductionMismatch = []
    ) {
        self.session = session
        self.sequence = sequence
        self.fingerprint = fingerprint
        self.status = status
        self.skipReason = skipReason
        self.scheduledAt = scheduledAt
        self.sentAt = sentAt
        self.completedAt = completedAt
        self.commandTags = commandTags
        self.rows = rows
        self.dataRows = dataRows
        self.error = error
        self.transactionStatus = transactionStatus
        self.orderedChecksum = orderedChecksum
        self.unorderedChecksum = unorderedChecksum
        self.productionMismatch = productionMismatch
    }

    /// Nanoseconds from the scheduled send to completion (what a user of the database waited).
    public var latency: Int64? { completedAt.map { $0 - scheduledAt } }
    /// Nanoseconds from the actual send to completion (what the server took, plus the network).
    public var serviceTime: Int64? {
        guard let sentAt, let completedAt else { return nil }
        return completedAt - sentAt
    }
    /// Nanoseconds the send was late against its schedule.
    public var sendLag: Int64? { sentAt.map { $0 - scheduledAt } }
    /// SQLSTATE of the error, if any.
    public var sqlState: String? { error?.sqlState }
}
