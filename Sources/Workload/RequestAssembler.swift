import PGWire

/// Turns one session's decoded messages, in wire order, into executed requests with the outcome production saw.
///
/// Pure: no I/O. The server answers frontend messages strictly in order, so replies are matched to the
/// messages they answer through a FIFO of pending messages (as a client's state machine would, but for a
/// passive observer). An ErrorResponse to an extended-protocol message makes the server discard every
/// message up to the next Sync; those requests are kept, marked as not executed.
public struct RequestAssembler {
    /// Figures a person needs to judge how complete the session's decoding was.
    public struct Counters: Sendable, Equatable {
        /// Binds naming a statement whose Parse is not in the capture (prepared before it started).
        public var bindsOfUnknownStatements: UInt64 = 0
        /// Executes naming a portal whose Bind is not in the capture.
        public var executesOfUnknownPortals: UInt64 = 0
        /// Backend replies that answered no pending message (a capture that began mid-exchange, or loss).
        public var unmatchedReplies: UInt64 = 0
    }

    /// One frontend message that still waits for its reply.
    /// Requests are named by sequence number: positions in `inFlight` shift as finished requests leave.
    private enum Awaiting {
        case query(request: UInt32)
        case functionCall(request: UInt32)
        case parse(request: UInt32?)
        case bind
        case describe
        case execute(request: UInt32)
        case close
        case sync
    }

    private struct Pending {
        var awaiting: Awaiting
        var group: UInt64
    }

    private struct PreparedStatement {
        var text: String
        var parameterTypeOIDs: [UInt32]
    }

    private struct BoundPortal {
        var statementName: String
        var statement: PreparedStatement?
        var parameterFormats: [Int16]
        var parameters: [[UInt8]?]
        var resultFormats: [Int16]
        var described = false
    }

    /// A request not yet handed out, with the Sync group whose ReadyForQuery finishes it.
    private struct InFlight {
        var request: Request
        var group: UInt64
        var done = false
    }

    public let session: UInt32
    public private(set) var counters = Counters()
    private var nextSequence: UInt32 = 1
    private var group: UInt64 = 0
    private var failedGroup: UInt64?
    private var failedGroupError: ErrorInfo?
    private var pending: [Pending] = []
    private var pendingHead = 0
    private var inFlight: [InFlight] = []
    private var statements = NamedSlots<PreparedStatement>()
    private var portals = NamedSlots<BoundPortal>()
    private var describedStatement = false
    private var sawReadyForQuery = false
    /// The in-flight request (index into `inFlight` by sequence) that is in COPY IN mode, if any.
    private var copyInRequest: UInt32?

    /// A bound on requests held waiting for a Sync that never comes (a client that only Flushes).
    private static let maximumInFlight = 10_000

    public init(session: UInt32) {
        self.session = session
    }

    // MARK: Frontend

    /// Feeds a message the client sent, observed at `time` (ns since the epoch).
    public mutating func frontend(_ message: FrontendMessage, at time: Int64, _ emit: (Request) -> Void) {
        switch message {
        case .query(let text):
            let index = open(kind: .query, at: time, text: text)
            push(.query(request: inFlight[index].request.sequence))
            group &+= 1
        case .parse(let parse):
            // Kept even while the server discards the group: the text still names what the client meant.
            statements[parse.statementName] = PreparedStatement(text: parse.query, parameterTypeOIDs: parse.parameterTypeOIDs)
            var prepare: UInt32?
            if !parse.statementName.isEmpty {
                let index = open(kind: .prepare, at: time, text: parse.query)
                inFlight[index].request.statementName = parse.statementName
                inFlight[index].request.parameterTypeOIDs = parse.parameterTypeOIDs
                prepare = inFlight[index].request.sequence
            }
            if isDiscarding {
                if let prepare { markNotExecuted(prepare) }
            } else {
                push(.parse(request: prepare))
            }
        case .bind(let bind):
            let statement = statements[bind.statementName]
            if statement == nil { counters.bindsOfUnknownStatements += 1 }
            portals[bind.portalName] = BoundPortal(
                statementName: bind.statementName, statement: statement,
                parameterFormats: bind.parameterFormats, parameters: bind.parameters,
                resultFormats: bind.resultFormats)
            if !isDiscarding { push(.bind) }
        case .describe(let kind, let name):
            if isDiscarding { return }
            switch kind {
            case .statement: describedStatement = true
            case .portal: portals.update(name) { $0.described = true }
            }
            push(.describe)
        case .execute(let portalName, let maxRows):
            let portal = portals[portalName]
            // Built whole, then appended once: requests are large and copying them shows in import time.
            var request = newRequest(kind: .execute, at: time, text: portal?.statement?.text)
            request.portalName = portalName
            request.rowLimit = maxRows
            if let portal {
                request.statementName = portal.statementName
                request.parameterTypeOIDs = portal.statement?.parameterTypeOIDs ?? []
                request.parameterFormats = portal.parameterFormats
                request.parameters = portal.parameters
                request.resultFormats = portal.resultFormats
                if portal.statement == nil { request.flags.insert(.statementPreparedBeforeCapture) }
                if portal.described { request.flags.insert(.describedPortal) }
            } else {
                counters.executesOfUnknownPortals += 1
                request.flags.insert(.statementPreparedBeforeCapture)
            }
            if describedStatement { request.flags.insert(.describedStatement) }
            describedStatement = false
            let sequence = request.sequence
            inFlight.append(InFlight(request: request, group: group))
            if isDiscarding {
                markNotExecuted(sequence)
            } else {
                push(.execute(request: sequence))
            }
        case .sync:
            push(.sync)
            group &+= 1
        case .close(let kind, let name):
            switch kind {
            case .statement: statements[name] = nil
            case .portal: portals[name] = nil
            }
            if isDiscarding { return }
            push(.close)
        case .functionCall(let call):
            let index = open(kind: .functionCall, at: time, text: nil)
            inFlight[index].request.functionOID = call.functionOID
            inFlight[index].request.parameterFormats = call.argumentFormats
            inFlight[index].request.parameters = call.arguments
            inFlight[index].request.resultFormats = [call.resultFormat]
            push(.functionCall(request: inFlight[index].request.sequence))
            group &+= 1
        case .copyData(let bytes):
            if let i = copyInIndex {
                if inFlight[i].request.copyData == nil { inFlight[i].request.copyData = [] }
                inFlight[i].request.copyData?.append(contentsOf: bytes)
            }
        case .copyDone:
            copyInRequest = nil
        case .copyFail(let reason):
            if let i = copyInIndex { inFlight[i].request.copyFail = reason }
            copyInRequest = nil
        case .flush, .terminate, .password, .startup, .sslRequest, .gssencRequest, .cancelRequest:
            break
        }
        if inFlight.count > Self.maximumInFlight { flushAll(emit) }
    }

    // MARK: Backend

    /// Feeds a message the server sent, observed at `time` (ns since the epoch).
    public mutating func backend(_ message: BackendMessage, at time: Int64, _ emit: (Request) -> Void) {
        switch message {
        case .dataRow:
            guard let i = headRequest else { return unmatched() }
            update(i) { $0.outcome.dataRows += 1 }
            noteReply(i, at: time)
        case .rowDescription:
            guard let head = head else { return unmatched() }
            switch head.awaiting {
            case .describe: popHead()
            case .query(let i): noteReply(i, at: time)
            default: unmatched()
            }
        case .parameterDescription:
            guard case .describe = head?.awaiting else { return unmatched() }
        case .noData:
            guard case .describe = head?.awaiting else { return unmatched() }
            popHead()
        case .parseComplete:
            guard case .parse(let i) = head?.awaiting else { return unmatched() }
            if let i {
                noteReply(i, at: time)
                complete(i, at: time)
            }
            popHead()
        case .bindComplete:
            guard case .bind = head?.awaiting else { return unmatched() }
            popHead()
        case .closeComplete:
            guard case .close = head?.awaiting else { return unmatched() }
            popHead()
        case .commandComplete(let tag):
            guard let head = head else { return unmatched() }
            switch head.awaiting {
            case .query(let i):
                noteReply(i, at: time)
                update(i) { $0.outcome.commandTags.append(tag) }
                update(i) { $0.outcome.rows += Self.rowCount(fromTag: tag) }
            case .execute(let i):
                noteReply(i, at: time)
                update(i) { $0.outcome.commandTags.append(tag) }
                update(i) { $0.outcome.rows += Self.rowCount(fromTag: tag) }
                complete(i, at: time)
                popHead()
            default: unmatched()
            }
        case .emptyQueryResponse:
            guard let i = headRequest else { return unmatched() }
            noteReply(i, at: time)
            update(i) { $0.outcome.emptyQuery = true }
            if case .execute = head?.awaiting {
                complete(i, at: time)
                popHead()
            }
        case .portalSuspended:
            guard case .execute(let i) = head?.awaiting else { return unmatched() }
            noteReply(i, at: time)
            update(i) { $0.outcome.suspended = true }
            complete(i, at: time)
            popHead()
        case .errorResponse(let fields):
            receiveError(ErrorInfo(fields: fields.fields.map { ErrorField(code: $0.code, value: $0.value) }), at: time)
        case .noticeResponse:
            if let i = headRequest ?? inFlight.last?.request.sequence { update(i) { $0.outcome.notices += 1 } }
        case .copyInResponse:
            guard let i = headRequest else { return unmatched() }
            noteReply(i, at: time)
            copyInRequest = i
        case .copyOutResponse, .copyBothResponse:
            guard let i = headRequest else { return unmatched() }
            noteReply(i, at: time)
        case .functionCallResponse:
            guard case .functionCall(let i) = head?.awaiting else { return unmatched() }
            noteReply(i, at: time)
        case .readyForQuery(let status):
            receiveReadyForQuery(status.rawValue, at: time, emit)
        case .copyData, .copyDone, .authentication, .backendKeyData, .parameterStatus,
             .notificationResponse, .negotiateProtocolVersion, .sslResponse, .gssResponse:
            break
        }
    }

    /// End of the session: hands out every request still held, marked incomplete where no reply finished it.
    public mutating func finish(at time: Int64, _ emit: (Request) -> Void) {
        flushAll(emit)
        pending.removeAll()
        pendingHead = 0
    }

    // MARK: Replies

    private mutating func receiveError(_ error: ErrorInfo, at time: Int64) {
        guard let head = head else { return unmatched() }
        switch head.awaiting {
        case .query(let i), .functionCall(let i):
            noteReply(i, at: time)
            update(i) { if $0.outcome.error == nil { $0.outcome.error = error } }
            copyInRequest = nil
        case .sync:
            // An error at Sync itself (for example a failed COMMIT of an implicit transaction) belongs to
            // the last request of the group that this Sync closes.
            if let i = inFlight.lastIndex(where: { $0.group <= head.group }),
               inFlight[i].request.outcome.error == nil {
                inFlight[i].request.outcome.error = error
            }
        case .parse, .bind, .describe, .execute, .close:
            // The server now discards every message up to the group's Sync.
            var owner: UInt32?
            switch head.awaiting {
            case .execute(let i): owner = i
            case .parse(let i): owner = i
            default: owner = nil
            }
            let failed = head.group
            var assigned = false
            if let owner {
                noteReply(owner, at: time)
                update(owner) { $0.outcome.error = error }
                complete(owner, at: time)
                assigned = true
            }
            popHead()
            while let next = self.head, next.group == failed {
                if case .sync = next.awaiting { break }
                if case .execute(let i) = next.awaiting {
                    if !assigned {
                        noteReply(i, at: time)
                        update(i) { $0.outcome.error = error }
                        complete(i, at: time)
                        assigned = true
                    } else {
                        markNotExecuted(i)
                    }
                }
                popHead()
            }
            if group == failed {
                // The client has not sent this group's Sync yet: what it still sends before it is discarded too.
                failedGroup = failed
                failedGroupError = assigned ? nil : error
            }
        }
    }

    private mutating func receiveReadyForQuery(_ status: UInt8, at time: Int64, _ emit: (Request) -> Void) {
        var closedGroup: UInt64?
        while let entry = head {
            popHead()
            switch entry.awaiting {
            case .sync, .query, .functionCall:
                closedGroup = entry.group
            case .execute(let i):
                // Answered by nothing before ReadyForQuery: the server skipped it.
                if let slot = slot(i), !inFlight[slot].done { markNotExecuted(i) }
                continue
            default:
                continue
            }
            break
        }
        guard let closedGroup else {
            // The ReadyForQuery that ends authentication answers no request: only later ones are unmatched.
            if sawReadyForQuery { unmatched() }
            sawReadyForQuery = true
            return
        }
        sawReadyForQuery = true
        if failedGroup == closedGroup {
            failedGroup = nil
            failedGroupError = nil
        }
        // Groups only grow along the list, so the finished requests are a prefix of it.
        var finished = 0
        while finished < inFlight.count, inFlight[finished].group <= closedGroup {
            inFlight[finished].request.outcome.transactionStatus = status
            if finished + 1 == inFlight.count || inFlight[finished + 1].group > closedGroup {
                inFlight[finished].request.flags.insert(.endsSyncGroup)
            }
            if inFlight[finished].request.completedAt == nil { inFlight[finished].request.completedAt = time }
            if inFlight[finished].request.firstReplyAt == nil { inFlight[finished].request.firstReplyAt = time }
            emit(inFlight[finished].request)
            finished += 1
        }
        if finished == inFlight.count {
            inFlight.removeAll(keepingCapacity: true)
        } else {
            inFlight.removeFirst(finished)
        }
        if copyInRequest != nil, copyInIndex == nil { copyInRequest = nil }
    }

    // MARK: Helpers

    private var isDiscarding: Bool { failedGroup == group }

    private var head: Pending? {
        pendingHead < pending.count ? pending[pendingHead] : nil
    }

    /// The request the head pending message belongs to, when it is a Query, FunctionCall or Execute.
    private var headRequest: UInt32? {
        switch head?.awaiting {
        case .query(let i), .functionCall(let i), .execute(let i): return i
        default: return nil
        }
    }

    private var copyInIndex: Int? {
        copyInRequest.flatMap(slot)
    }

    private mutating func push(_ awaiting: Awaiting) {
        if pendingHead > 64, pendingHead * 2 > pending.count {
            pending.removeFirst(pendingHead)
            pendingHead = 0
        }
        pending.append(Pending(awaiting: awaiting, group: group))
    }

    private mutating func popHead() {
        pendingHead += 1
        if pendingHead == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingHead = 0
        }
    }

    /// A request with the next sequence number, flagged as pipelined when it is sent before an earlier
    /// one completed: an earlier Sync group still waits for its ReadyForQuery, or an earlier Execute of this
    /// group (libpq pipeline mode, JDBC batches) has no completion yet. A named Parse of the same group is
    /// not waited for by any client, so it does not count.
    private mutating func newRequest(kind: RequestKind, at time: Int64, text: String?) -> Request {
        var request = Request(session: session, sequence: nextSequence, kind: kind, sentAt: time, text: text)
        nextSequence &+= 1
        if inFlight.contains(where: { $0.group < group || ($0.request.kind == .execute && !$0.done) }) {
            request.flags.insert(.pipelined)
        }
        return request
    }

    /// Opens a request and returns its position in `inFlight` (valid until requests are handed out).
    private mutating func open(kind: RequestKind, at time: Int64, text: String?) -> Int {
        inFlight.append(InFlight(request: newRequest(kind: kind, at: time, text: text), group: group))
        return inFlight.count - 1
    }

    /// The position of a request in `inFlight`: sequences there are consecutive, oldest first.
    private func slot(_ sequence: UInt32) -> Int? {
        guard let first = inFlight.first?.request.sequence else { return nil }
        let offset = Int(sequence &- first)
        guard offset < inFlight.count, inFlight[offset].request.sequence == sequence else { return nil }
        return offset
    }

    /// Changes an in-flight request in place; nothing happens once it was handed out.
    private mutating func update(_ sequence: UInt32, _ change: (inout Request) -> Void) {
        guard let i = slot(sequence) else { return }
        change(&inFlight[i].request)
    }

    private mutating func noteReply(_ sequence: UInt32, at time: Int64) {
        guard let i = slot(sequence) else { return }
        if inFlight[i].request.firstReplyAt == nil { inFlight[i].request.firstReplyAt = time }
    }

    private mutating func complete(_ sequence: UInt32, at time: Int64) {
        guard let i = slot(sequence) else { return }
        inFlight[i].request.completedAt = time
        inFlight[i].done = true
    }

    private mutating func markNotExecuted(_ sequence: UInt32) {
        guard let i = slot(sequence) else { return }
        inFlight[i].request.flags.insert(.notExecuted)
        inFlight[i].done = true
        if let error = failedGroupError, inFlight[i].request.outcome.error == nil {
            inFlight[i].request.outcome.error = error
            inFlight[i].request.flags.remove(.notExecuted)
            failedGroupError = nil
        }
    }

    private mutating func unmatched() {
        counters.unmatchedReplies += 1
    }

    private mutating func flushAll(_ emit: (Request) -> Void) {
        for var entry in inFlight {
            if !entry.done && entry.request.outcome.transactionStatus == nil {
                if entry.request.completedAt == nil { entry.request.flags.insert(.incomplete) }
            }
            emit(entry.request)
        }
        inFlight.removeAll()
        copyInRequest = nil
    }

    /// The row count a command tag reports ("INSERT 0 5" → 5, "SELECT 3" → 3, "BEGIN" → 0).
    public static func rowCount(fromTag tag: String) -> UInt64 {
        guard let space = tag.utf8.lastIndex(of: UInt8(ascii: " ")) else { return 0 }
        let digits = tag.utf8[tag.utf8.index(after: space)...]
        var value: UInt64 = 0
        for byte in digits {
            guard byte >= 48, byte <= 57 else { return 0 }
            let (product, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = product.addingReportingOverflow(UInt64(byte - 48))
            if overflow1 || overflow2 { return 0 }
            value = sum
        }
        return value
    }
}
