import Workload

/// A request read from the workload and ready to send: decoded straight into the shapes libpq takes
/// (parameter values in one buffer, one format code per parameter), with only what replay compares
/// and counts of the production outcome, the statement text to use (resolved by name when the capture
/// missed the Parse), and its place on the schedule.
///
/// A class, pooled by its driver: it moves through the driver's queues by reference, and its arrays
/// keep their capacity from one request to the next, so a running session decodes a request without
/// allocating. `LoadedRequest+Decoding.swift` reads the record.
final class LoadedRequest {
    var session: UInt32 = 0
    var sequence: UInt32 = 0
    var kind: RequestKind = .query
    var flags: RequestFlags = []
    /// When production sent it (ns since the epoch).
    var sentAt: Int64 = 0
    /// Text to send; nil when unknown.
    var text: String?
    var statementName = ""
    var portalName = ""
    var fingerprint: UInt64?
    /// The Parse's parameter type OIDs, as production declared them.
    var parameterTypeOIDs = ScratchBuffer<UInt32>()
    /// The Bind's values, each followed by a NUL: libpq reads text values up to the NUL (ignoring their
    /// length) and binary ones by length.
    var parameterBytes = ScratchBuffer<UInt8>(capacity: 64)
    /// Where each value starts in `parameterBytes`; -1 for SQL NULL. Its count is the parameter count.
    var parameterOffsets = ScratchBuffer<Int>()
    var parameterLengths = ScratchBuffer<Int32>()
    /// One format code per parameter (the Bind's codes expanded: none all text, one for all).
    var parameterFormats = ScratchBuffer<Int32>()
    /// libpq's one result format for all columns: binary if the client asked for any binary column.
    var resultFormat: Int32 = 0
    var copyData: [UInt8]?
    var copyFail: String?
    /// What production did, as far as replay compares it with its own outcome.
    var production = ProductionFacts()
    /// Production's command tags.
    var productionTags: [String] = []
    /// Production's row count.
    var productionRows: UInt64 = 0
    /// Production's transaction status after the request.
    var productionTransactionStatus: UInt8?
    /// Production's row limit suspended the portal.
    var productionSuspended = false
    /// Monotonic due time; nil at `--speed max`.
    var due: Int64?
    /// Why it is not sent, decided when it was loaded.
    var skipReason: String?
    /// Bind format codes as read, before they are expanded (scratch).
    var formatCodes = ScratchBuffer<Int16>()

    init() {}

    var parameterCount: Int { parameterOffsets.count }

    /// Empties `productionTags`, keeping its capacity (cheaper than `removeAll(keepingCapacity:)` for
    /// the one or two tags of a request).
    func clearProductionTags() {
        while !productionTags.isEmpty { productionTags.removeLast() }
    }

    /// Stands for a request that could not be read: skipped as `workload_unreadable`.
    func setUnreadable(session: UInt32, sentAt: Int64) {
        self.session = session
        sequence = 0
        kind = .query
        flags = []
        self.sentAt = sentAt
        text = nil
        statementName = ""
        portalName = ""
        fingerprint = nil
        parameterTypeOIDs.removeAll()
        parameterBytes.removeAll()
        parameterOffsets.removeAll()
        parameterLengths.removeAll()
        parameterFormats.removeAll()
        resultFormat = 0
        copyData = nil
        copyFail = nil
        production = ProductionFacts()
        clearProductionTags()
        productionRows = 0
        productionTransactionStatus = nil
        productionSuspended = false
        due = nil
        skipReason = "workload_unreadable"
    }
}
