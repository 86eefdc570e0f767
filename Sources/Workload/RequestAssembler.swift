import PGWire

/// Turns one session's decoded messages, in wire order, into executed requests with the outcome production saw.
///
/// Pure: no I/O. The server answers frontend messages strictly in order, so replies are matched to the
/// messages they answer through a FIFO of pending messages (as a client's state machine would, but for a
/// passive observer). An ErrorResponse to an extended-protocol message makes the server discard every
/// message up to the next Sync; those requests are kept, marked as not executed.
///
/// Messages arrive borrowed and finished requests leave borrowed (`BorrowedRequest`): what must outlive a
/// message (statement texts, a Bind's values, tags) is copied into buffers that are reused, so a
/// session's steady state allocates nothing.
package struct RequestAssembler {
    /// Figures a person needs to judge how complete the session's decoding was.
    package struct Counters: Sendable, Equatable {
        /// Binds naming a statement whose Parse is not in the capture (prepared before it started).
        package var bindsOfUnknownStatements: UInt64 = 0
        /// Executes naming a portal whose Bind is not in the capture.
        package var executesOfUnknownPortals: UInt64 = 0
        /// Backend replies that answered no pending message (a capture that began mid-exchange, or loss).
        package var unmatchedReplies: UInt64 = 0
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

    /// A prepared statement's text and parameter type OIDs (big-endian, as in the Parse), in storage that
    /// each statement owns (see `ByteStorage`).
    private struct PreparedStatement {
        let text = ByteStorage()
        let parameterTypeOIDs = ByteStorage(capacity: 16)
    }

    /// A portal: the fields its Executes will send, taken from its Bind and the statement it bound.
    private struct BoundPortal {
        var fields = ClientFields()
        var statementKnown = false
        var described = false
    }

    package let session: UInt32
    package private(set) var counters = Counters()
    private var nextSequence: UInt32 = 1
    private var group: UInt64 = 0
    private var failedGroup: UInt64?
    /// The error to give the first request the client still sends into a failed group (see `receiveError`).
    private var failedGroupError: [UInt8]?
    private var pending: [Pending] = []
    private var pendingHead = 0
    private var inFlight = PendingRequestQueue()
    private var statements = NamedSlots<PreparedStatement>()
    private var portals = NamedSlots<BoundPortal>()
    private var describedStatement = false
    private var sawReadyForQuery = false
    /// The in-flight request (by sequence) that is in COPY IN mode, if any.
    private var copyInRequest: UInt32?

    /// A bound on requests held waiting for a Sync that never comes (a client that only Flushes).
    private static let maximumInFlight = 10_000

    package init(session: UInt32) {
        self.session = session
    }

    // MARK: Frontend

    /// Feeds a message the client sent, observed at `time` (ns since the epoch).
    package mutating func frontend(_ message: BorrowedFrontendMessage, at time: Int64, _ emit: (borrowing BorrowedRequest) -> Void) {
        switch message {
        case .query(let text):
            let index = open(kind: .query, at: time)
            inFlight[index].fields.setText(text.buffer)
            inFlight[index].sealClientFields()
            push(.query(request: inFlight[index].sequence))
            group &+= 1
        case .parse(let parse):
            // Kept even while the server discards the group: the text still names what the client meant.
            statements.upsert(parse.statementName, makeNew: { PreparedStatement() }) { statement in
                statement.text.removeAll(keepingAtMost: ClientFields.retainedCapacity)
                statement.text.append(parse.query.buffer)
                statement.parameterTypeOIDs.removeAll(keepingAtMost: ClientFields.retainedCapacity)
                statement.parameterTypeOIDs.append(parse.parameterTypeOIDs.bytes)
            }
            var prepare: UInt32?
            if !parse.statementName.isEmpty {
                let index = open(kind: .prepare, at: time)
                inFlight[index].fields.setText(parse.query.buffer)
                inFlight[index].fields.setStatementName(parse.statementName)
                inFlight[index].fields.setParameterTypeOIDs(parse.parameterTypeOIDs.bytes)
                inFlight[index].sealClientFields()
                prepare = inFlight[index].sequence
            }
            if isDiscarding {
                if let prepare { markNotExecuted(prepare) }
            } else {
                push(.parse(request: prepare))
            }
        case .bind(let bind):
            var known = false
            portals.upsert(bind.portalName, makeNew: { BoundPortal() }) { portal in
                portal.fields.clear()
                statements.withValue(bind.statementName) { statement in
                    known = true
                    portal.fields.setText(statement.text.bytes)
                    portal.fields.setParameterTypeOIDs(statement.parameterTypeOIDs.bytes)
                }
                portal.fields.setBindFields(bind)
                portal.statementKnown = known
                portal.described = false
            }
            if !known { counters.bindsOfUnknownStatements += 1 }
            if !isDiscarding { push(.bind) }
        case .describe(let kind, let name):
            if isDiscarding { return }
            switch kind {
            case .statement: describedStatement = true
            case .portal: portals.update(name) { $0.described = true }
            }
            push(.describe)
        case .execute(let portalName, let maxRows):
            execute(portalName: portalName, maxRows: maxRows, at: time)
        case .sync:
            push(.sync)
            group &+= 1
        case .close(let kind, let name):
            switch kind {
            case .statement: statements.remove(name)
            case .portal: portals.remove(name)
            }
            if isDiscarding { return }
            push(.close)
        case .functionCall(let call):
            let index = open(kind: .functionCall, at: time)
            inFlight[index].functionOID = call.functionOID
            inFlight[index].fields.setParameterFormats(call.argumentFormats)
            inFlight[index].fields.setParameters(call.arguments)
            withUnsafeBytes(of: UInt16(bitPattern: call.resultFormat).bigEndian) {
                inFlight[index].fields.setResultFormats($0)
            }
            inFlight[index].sealClientFields()
            push(.functionCall(request: inFlight[index].sequence))
            group &+= 1
        case .copyData(let bytes):
            if let i = copyInIndex {
                if inFlight[i].copyData == nil { inFlight[i].copyData = [] }
                inFlight[i].copyData?.append(contentsOf: bytes.buffer)
            }
        case .copyDone:
            copyInRequest = nil
        case .copyFail(let reason):
            if let i = copyInIndex { inFlight[i].copyFail = reason.array }
            copyInRequest = nil
        case .flush, .terminate, .password, .startup, .sslRequest, .gssencRequest, .cancelRequest:
            break
        }
        if inFlight.count > Self.maximumInFlight { flushAll(emit) }
    }

    private mutating func execute(portalName: BorrowedBytes, maxRows: Int32, at time: Int64) {
        let index = open(kind: .execute, at: time)
        var known = false
        portals.update(portalName) { portal in
            known = true
            inFlight[index].fields.assign(portal.fields)
            if !portal.statementKnown { inFlight[index].flags.insert(.statementPreparedBeforeCapture) }
            if portal.described { inFlight[index].flags.insert(.describedPortal) }
        }
        if !known {
            counters.executesOfUnknownPortals += 1
            inFlight[index].fields.setPortalName(portalName)
            inFlight[index].flags.insert(.statementPreparedBeforeCapture)
        }
        inFlight[index].sealClientFields()
        inFlight[index].rowLimit = maxRows
        if describedStatement { inFlight[index].flags.insert(.describedStatement) }
        describedStatement = false
        let sequence = inFlight[index].sequence
        if isDiscarding {
            markNotExecuted(sequence)
        } else {
            push(.execute(request: sequence))
        }
    }

    // MARK: Backend

    /// Feeds a message the server sent, observed at `time` (ns since the epoch).
    package mutating func backend(_ message: BorrowedBackendMessage, at time: Int64, _ emit: (borrowing BorrowedRequest) -> Void) {
        switch message {
        case .dataRow:
            guard let sequence = headRequest, let i = slot(sequence) else {
                if headRequest == nil { unmatched() }
                return
            }
            inFlight[i].dataRows += 1
            noteReply(at: i, time)
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
                addCommandTag(tag, to: i)
            case .execute(let i):
                noteReply(i, at: time)
                addCommandTag(tag, to: i)
                complete(i, at: time)
                popHead()
            default: unmatched()
            }
        case .emptyQueryResponse:
            guard let i = headRequest else { return unmatched() }
            noteReply(i, at: time)
            if let slot = slot(i) { inFlight[slot].emptyQuery = true }
            if case .execute = head?.awaiting {
                complete(i, at: time)
                popHead()
            }
        case .portalSuspended:
            guard case .execute(let i) = head?.awaiting else { return unmatched() }
            noteReply(i, at: time)
            if let slot = slot(i) { inFlight[slot].suspended = true }
            complete(i, at: time)
            popHead()
        case .errorResponse(let fields):
            receiveError(fields.bytes, at: time)
        case .noticeResponse:
            if let i = headRequest ?? inFlight.lastSequence, let slot = slot(i) { inFlight[slot].notices += 1 }
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
    package mutating func finish(at time: Int64, _ emit: (borrowing BorrowedRequest) -> Void) {
        flushAll(emit)
        pending.removeAll()
        pendingHead = 0
    }

    // MARK: Replies

    private mutating func receiveError(_ error: UnsafeRawBufferPointer, at time: Int64) {
        guard let head = head else { return unmatched() }
        switch head.awaiting {
        case .query(let i), .functionCall(let i):
            noteReply(i, at: time)
            if let slot = slot(i), !inFlight[slot].hasError { inFlight[slot].setError(error) }
            copyInRequest = nil
        case .sync:
            // An error at Sync itself (for example a failed COMMIT of an implicit transaction) belongs to
            // the last request of the group that this Sync closes.
            if let i = inFlight.lastIndex(inGroupAtMost: head.group), !inFlight[i].hasError {
                inFlight[i].setError(error)
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
                if let slot = slot(owner) { inFlight[slot].setError(error) }
                complete(owner, at: time)
                assigned = true
            }
            popHead()
            while let next = self.head, next.group == failed {
                if case .sync = next.awaiting { break }
                if case .execute(let i) = next.awaiting {
                    if !assigned {
                        noteReply(i, at: time)
                        if let slot = slot(i) { inFlight[slot].setError(error) }
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
                failedGroupError = assigned ? nil : [UInt8](error)
            }
        }
    }

    private mutating func receiveReadyForQuery(_ status: UInt8, at time: Int64, _ emit: (borrowing BorrowedRequest) -> Void) {
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
        // Groups only grow along the queue, so the finished requests are a prefix of it.
        var finished = 0
        while finished < inFlight.count, inFlight[finished].group <= closedGroup {
            inFlight[finished].transactionStatus = status
            if finished + 1 == inFlight.count || inFlight[finished + 1].group > closedGroup {
                inFlight[finished].flags.insert(.endsSyncGroup)
            }
            if inFlight[finished].completedAt == nil { inFlight[finished].completedAt = time }
            if inFlight[finished].firstReplyAt == nil { inFlight[finished].firstReplyAt = time }
            inFlight.withBorrowed(at: finished, emit)
            finished += 1
        }
        inFlight.removeFirst(finished)
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

    /// Opens a request with the next sequence number and returns its position in `inFlight` (valid until
    /// requests are handed out). It is flagged as pipelined when it is sent before an earlier one
    /// completed: an earlier Sync group still waits for its ReadyForQuery, or an earlier Execute of this
    /// group (libpq pipeline mode, JDBC batches) has no completion yet. A named Parse of the same group is
    /// not waited for by any client, so it does not count.
    private mutating func open(kind: RequestKind, at time: Int64) -> Int {
        let pipelined = inFlight.hasUnfinishedRequest(before: group)
        let index = inFlight.appendSlot()
        inFlight[index].reset(session: session, sequence: nextSequence, kind: kind, sentAt: time, group: group)
        if pipelined { inFlight[index].flags.insert(.pipelined) }
        nextSequence &+= 1
        return index
    }

    /// The position of a request in `inFlight`: sequences there are consecutive, oldest first.
    private func slot(_ sequence: UInt32) -> Int? {
        guard !inFlight.isEmpty else { return nil }
        let offset = Int(sequence &- inFlight[0].sequence)
        guard offset < inFlight.count, inFlight[offset].sequence == sequence else { return nil }
        return offset
    }

    private mutating func addCommandTag(_ tag: BorrowedBytes, to sequence: UInt32) {
        guard let i = slot(sequence) else { return }
        inFlight[i].appendCommandTag(tag)
        inFlight[i].rows += CommandTag.rowCount(fromTag: tag.buffer)
    }

    private mutating func noteReply(_ sequence: UInt32, at time: Int64) {
        guard let i = slot(sequence) else { return }
        noteReply(at: i, time)
    }

    @inline(__always)
    private mutating func noteReply(at slot: Int, _ time: Int64) {
        if inFlight[slot].firstReplyAt == nil { inFlight[slot].firstReplyAt = time }
    }

    private mutating func complete(_ sequence: UInt32, at time: Int64) {
        guard let i = slot(sequence) else { return }
        inFlight[i].completedAt = time
        inFlight[i].done = true
    }

    private mutating func markNotExecuted(_ sequence: UInt32) {
        guard let i = slot(sequence) else { return }
        inFlight[i].flags.insert(.notExecuted)
        inFlight[i].done = true
        if let error = failedGroupError, !inFlight[i].hasError {
            error.withUnsafeBytes { inFlight[i].setError($0) }
            inFlight[i].flags.remove(.notExecuted)
            failedGroupError = nil
        }
    }

    private mutating func unmatched() {
        counters.unmatchedReplies += 1
    }

    private mutating func flushAll(_ emit: (borrowing BorrowedRequest) -> Void) {
        for i in 0..<inFlight.count {
            if !inFlight[i].done && inFlight[i].transactionStatus == nil {
                if inFlight[i].completedAt == nil { inFlight[i].flags.insert(.incomplete) }
            }
            inFlight.withBorrowed(at: i, emit)
        }
        inFlight.removeAll()
        copyInRequest = nil
    }
}
