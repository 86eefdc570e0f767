import CLibPQ
import Workload
#if canImport(Glibc)
import Glibc
#endif

/// Owns one libpq `PGconn*` in non-blocking mode: the only place a replay connection's pointer lives.
/// Used by exactly one replay thread; not Sendable.
final class PGConnection {
    private let connection: OpaquePointer

    /// Starts connecting (`PQconnectStartParams`) without waiting; nil only when libpq is out of memory.
    init?(parameters: ConnectionParameters) {
        guard let connection = parameters.withLibpqArrays({ PQconnectStartParams($0, $1, 0) }) else { return nil }
        self.connection = connection
    }

    deinit {
        PQfinish(connection)
    }

    /// The connection's state after the latest poll.
    enum ConnectProgress {
        case waitingToRead, waitingToWrite, ready, failed(String)
    }

    /// One step of the asynchronous connection (`PQconnectPoll`).
    func pollConnect() -> ConnectProgress {
        if PQstatus(connection) == CONNECTION_BAD { return .failed(errorMessage) }
        switch PQconnectPoll(connection) {
        case PGRES_POLLING_READING: return .waitingToRead
        case PGRES_POLLING_WRITING: return .waitingToWrite
        case PGRES_POLLING_OK:
            PQsetnonblocking(connection, 1)
            return .ready
        default: return .failed(errorMessage)
        }
    }

    var socket: Int32 { PQsocket(connection) }
    var isBad: Bool { PQstatus(connection) == CONNECTION_BAD }
    /// libpq's last error, first line only (its messages may carry a trailing newline and a DETAIL line).
    var errorMessage: String {
        guard let message = PQerrorMessage(connection) else { return "unknown libpq error" }
        let text = String(cString: message)
        return text.split(separator: "\n").first.map(String.init) ?? "connection failed"
    }

    /// Transaction status after the last complete request: `I`, `T`, `E`, or nil when unknown or busy.
    var transactionStatus: UInt8? {
        switch PQtransactionStatus(connection) {
        case PQTRANS_IDLE: UInt8(ascii: "I")
        case PQTRANS_INTRANS: UInt8(ascii: "T")
        case PQTRANS_INERROR: UInt8(ascii: "E")
        default: nil
        }
    }

    var serverVersion: Int32 { PQserverVersion(connection) }

    // MARK: Sending

    // Strings go to libpq through `withCString`, which lends a native string's own bytes; passing a
    // String where C wants `const char *` would copy it into a new array on every call.

    func sendQuery(_ text: String) -> Bool {
        text.withCString { PQsendQuery(connection, $0) == 1 }
    }

    func sendPrepare(name: String, text: String, types: [UInt32]) -> Bool {
        types.withUnsafeBufferPointer { types in
            name.withCString { name in
                text.withCString { PQsendPrepare(connection, name, $0, Int32(types.count), types.baseAddress) == 1 }
            }
        }
    }

    /// PQsendQueryParams (`name` nil: unnamed statement) or PQsendQueryPrepared (named statement).
    func sendExecute(name: String?, text: String, types: [UInt32], parameters: [[UInt8]?], formats: [Int32],
                     resultFormat: Int32) -> Bool {
        let count = parameters.count
        // All values in one allocation, each followed by a NUL: libpq reads text values up to the NUL
        // (ignoring their length) and binary ones by length.
        let total = parameters.reduce(0) { $0 + ($1?.count ?? 0) + 1 }
        let storage = UnsafeMutableRawPointer.allocate(byteCount: max(1, total), alignment: 1)
        defer { storage.deallocate() }
        var pointers = [UnsafePointer<CChar>?](repeating: nil, count: count)
        var lengths = [Int32](repeating: 0, count: count)
        var position = 0
        for (index, value) in parameters.enumerated() {
            guard let value else { continue }
            value.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress { (storage + position).copyMemory(from: base, byteCount: value.count) }
            }
            storage.storeBytes(of: 0, toByteOffset: position + value.count, as: UInt8.self)
            pointers[index] = UnsafePointer((storage + position).assumingMemoryBound(to: CChar.self))
            lengths[index] = Int32(value.count)
            position += value.count + 1
        }
        if let name {
            return name.withCString {
                PQsendQueryPrepared(connection, $0, Int32(count), pointers, lengths, formats, resultFormat) == 1
            }
        }
        return text.withCString {
            PQsendQueryParams(connection, $0, Int32(count), types, pointers, lengths, formats, resultFormat) == 1
        }
    }

    /// PQsendQueryPrepared (`name` nil: PQsendQueryParams of `text`, with the declared parameter types,
    /// one per parameter) of a loaded request's parameters, which are already in libpq's shapes: only the
    /// value pointers are laid out, in a buffer the connection keeps.
    func sendExecute(name: String?, text: String, request: LoadedRequest) -> Bool {
        let count = request.parameterCount
        pointers.removeAll()
        let values = request.parameterBytes.values
        let offsets = request.parameterOffsets.values
        for offset in offsets {
            if offset >= 0, let base = values.baseAddress {
                pointers.append(UnsafeRawPointer(base + offset).assumingMemoryBound(to: CChar.self))
            } else {
                pointers.append(nil)  // SQL NULL
            }
        }
        let lengths = request.parameterLengths.values.baseAddress
        let formats = request.parameterFormats.values.baseAddress
        if let name {
            return name.withCString {
                PQsendQueryPrepared(connection, $0, Int32(count), pointers.values.baseAddress, lengths, formats,
                                    request.resultFormat) == 1
            }
        }
        let declared = request.parameterTypeOIDs.values
        var types = declared.baseAddress
        if declared.count != count {
            typeScratch.removeAll()
            for index in 0..<count { typeScratch.append(index < declared.count ? declared[index] : 0) }
            types = typeScratch.values.baseAddress
        }
        return text.withCString {
            PQsendQueryParams(connection, $0, Int32(count), types, pointers.values.baseAddress, lengths, formats,
                              request.resultFormat) == 1
        }
    }

    /// Value pointers of the request being sent (kept for their capacity).
    private var pointers = ScratchBuffer<UnsafePointer<CChar>?>()
    /// Parameter types padded to the parameter count, when the Parse declared fewer.
    private var typeScratch = ScratchBuffer<UInt32>()

    /// Asks for results one row at a time, so rows are checksummed as they arrive and never held.
    @discardableResult
    func setSingleRowMode() -> Bool { PQsetSingleRowMode(connection) == 1 }

    /// Flushes queued output: 0 done, 1 more to send (wait for the socket to be writable), -1 failed.
    func flush() -> Int32 { PQflush(connection) }

    func enterPipelineMode() -> Bool { PQenterPipelineMode(connection) == 1 }
    func exitPipelineMode() -> Bool { PQexitPipelineMode(connection) == 1 }
    func pipelineSync() -> Bool { PQpipelineSync(connection) == 1 }
    var inPipelineMode: Bool { PQpipelineStatus(connection) != PQ_PIPELINE_OFF }

    // MARK: Receiving

    /// Reads what the socket has; false when the connection broke.
    func consumeInput() -> Bool { PQconsumeInput(connection) == 1 }
    var isBusy: Bool { PQisBusy(connection) == 1 }

    /// The next result, or nil at the end of the current query's results.
    func nextResult() -> PGResult? {
        guard let result = PQgetResult(connection) else { return nil }
        return PGResult(result)
    }

    /// COPY FROM STDIN: queues data; 1 queued, 0 would block, -1 failed.
    func putCopyData(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        PQputCopyData(connection, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
    }

    /// Ends COPY FROM STDIN, successfully or with the client's CopyFail message.
    func putCopyEnd(failure: String?) -> Int32 { PQputCopyEnd(connection, failure) }

    /// COPY TO STDOUT: one row without blocking. `.row` hands the bytes to `body` and frees them.
    enum CopyRow { case row, wouldBlock, done, failed }
    func getCopyRow(_ body: (UnsafeRawBufferPointer) -> Void) -> CopyRow {
        var buffer: UnsafeMutablePointer<CChar>?
        let count = PQgetCopyData(connection, &buffer, 1)
        if count > 0, let buffer {
            body(UnsafeRawBufferPointer(start: buffer, count: Int(count)))
            PQfreemem(buffer)
            return .row
        }
        switch count {
        case 0: return .wouldBlock
        case -1: return .done
        default: return .failed
        }
    }

    /// Asks the server to cancel the running query (blocking for one round trip; used when stopping).
    func cancel() {
        guard let cancel = PQgetCancel(connection) else { return }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &buffer, Int32(buffer.count))
        PQfreeCancel(cancel)
    }
}

/// Owns one `PGresult*` and clears it when it goes out of scope (noncopyable: no allocation of its own,
/// which matters at two results per replayed request).
struct PGResult: ~Copyable {
    let result: OpaquePointer

    init(_ result: OpaquePointer) {
        self.result = result
    }

    deinit {
        PQclear(result)
    }

    var status: ExecStatusType { PQresultStatus(result) }
    /// The command tag's bytes (empty when there is none), valid while the result lives.
    var commandStatusBytes: UnsafeRawBufferPointer {
        guard let tag = PQcmdStatus(result) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: tag, count: strlen(tag))
    }
    var rowCount: Int32 { PQntuples(result) }
    var columnCount: Int32 { PQnfields(result) }

    /// Calls `body` with each value of row `row` (nil for SQL NULL), without copying.
    func forEachValue(row: Int32, _ body: (UnsafeRawBufferPointer?) -> Void) {
        for column in 0..<PQnfields(result) {
            if PQgetisnull(result, row, column) == 1 {
                body(nil)
            } else {
                let length = Int(PQgetlength(result, row, column))
                body(UnsafeRawBufferPointer(start: PQgetvalue(result, row, column), count: length))
            }
        }
    }

    /// Every field of an error result, in the order the protocol defines its codes.
    var errorInfo: ErrorInfo {
        var fields: [ErrorField] = []
        for code in PGResult.errorFieldCodes {
            if let value = PQresultErrorField(result, Int32(code)) {
                fields.append(ErrorField(code: code, value: String(cString: value)))
            }
        }
        return ErrorInfo(fields: fields)
    }

    /// S V C M D H P p q W s t c d n F L R: every field code libpq exposes.
    static let errorFieldCodes: [UInt8] = Array("SVCMDHPpqWstcdnFLR".utf8)
}
