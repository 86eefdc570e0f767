import Foundation
import SQLFingerprint

/// One request as a JSON object, for other tools (`inspect --jsonl`): one object a line, streaming.
///
/// Parameter values are `{"text": "..."}` for text-format values that are valid UTF-8, `{"hex": "..."}`
/// otherwise (binary format), and `null` for SQL NULL.
public struct RequestExport: Codable, Sendable {
    public struct Parameter: Codable, Sendable, Equatable {
        public var text: String?
        public var hex: String?
    }

    public var session: UInt32
    public var sequence: UInt32
    public var kind: String
    public var user: String?
    public var database: String?
    public var applicationName: String?
    public var sentAt: Int64
    public var firstReplyAt: Int64?
    public var completedAt: Int64?
    public var latencyMilliseconds: Double?
    public var text: String?
    public var fingerprint: String?
    public var normalizedText: String?
    public var statementName: String
    public var portalName: String
    public var parameterTypes: [UInt32]
    public var parameterFormats: [Int16]
    public var parameters: [Parameter?]
    public var resultFormats: [Int16]
    public var rowLimit: Int32
    public var copyDataBytes: Int?
    public var copyFail: String?
    public var functionOID: UInt32?
    public var commandTags: [String]
    public var rows: UInt64
    public var dataRows: UInt64
    public var sqlstate: String?
    public var error: [String: String]?
    public var transactionStatus: String?
    public var notices: UInt32
    public var flags: [String]

    enum CodingKeys: String, CodingKey {
        case session, sequence, kind, user, database, text, fingerprint, parameters, rows, sqlstate, error, notices, flags
        case applicationName = "application_name"
        case sentAt = "sent_at_ns"
        case firstReplyAt = "first_reply_at_ns"
        case completedAt = "completed_at_ns"
        case latencyMilliseconds = "latency_ms"
        case normalizedText = "normalized_text"
        case statementName = "statement_name"
        case portalName = "portal_name"
        case parameterTypes = "parameter_types"
        case parameterFormats = "parameter_formats"
        case resultFormats = "result_formats"
        case rowLimit = "row_limit"
        case copyDataBytes = "copy_data_bytes"
        case copyFail = "copy_fail"
        case functionOID = "function_oid"
        case commandTags = "command_tags"
        case dataRows = "data_rows"
        case transactionStatus = "transaction_status"
    }

    public init(_ request: Request, session start: SessionStart?, normalizedText: String?) {
        session = request.session
        sequence = request.sequence
        kind = request.kind.name
        user = start?.user
        database = start?.database
        applicationName = start?.applicationName
        sentAt = request.sentAt
        firstReplyAt = request.firstReplyAt
        completedAt = request.completedAt
        latencyMilliseconds = request.completedAt.map { Double($0 - request.sentAt) / 1e6 }
        text = request.text
        fingerprint = request.fingerprint.map { StatementFingerprint(value: $0).hex }
        self.normalizedText = normalizedText
        statementName = request.statementName
        portalName = request.portalName
        parameterTypes = request.parameterTypeOIDs
        parameterFormats = request.parameterFormats
        parameters = request.parameters.enumerated().map { index, value in
            guard let value else { return nil }
            let format = request.parameterFormats.count == 1 ? request.parameterFormats[0]
                : (index < request.parameterFormats.count ? request.parameterFormats[index] : 0)
            if format == 0, let string = String(validating: value, as: UTF8.self) {
                return Parameter(text: string)
            }
            return Parameter(hex: value.map { String(format: "%02x", $0) }.joined())
        }
        resultFormats = request.resultFormats
        rowLimit = request.rowLimit
        copyDataBytes = request.copyData?.count
        copyFail = request.copyFail
        functionOID = request.functionOID
        commandTags = request.outcome.commandTags
        rows = request.outcome.rows
        dataRows = request.outcome.dataRows
        sqlstate = request.outcome.error?.sqlState
        error = request.outcome.error.map { info in
            var fields: [String: String] = [:]
            for field in info.fields { fields[String(UnicodeScalar(field.code))] = field.value }
            return fields
        }
        transactionStatus = request.outcome.transactionStatus.map { String(UnicodeScalar($0)) }
        notices = request.outcome.notices
        flags = request.flags.names
    }

    /// Streams every request of a workload file to `write`, one JSON line each.
    public static func exportLines(path: String, _ write: (String) throws -> Void) throws {
        let reader = try WorkloadReader(path: path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var sessions: [UInt32: SessionStart] = [:]
        var statements: [UInt64: String] = [:]
        while let record = try reader.next() {
            switch record {
            case .sessionStart(let start): sessions[start.session] = start
            case .sessionEnd(let end): sessions[end.session] = nil
            case .statement(let statement): statements[statement.fingerprint] = statement.normalizedText
            case .request(let request):
                let export = RequestExport(request, session: sessions[request.session],
                                           normalizedText: request.fingerprint.flatMap { statements[$0] })
                try write(String(decoding: try encoder.encode(export), as: UTF8.self))
            case .trailer: break
            }
        }
    }
}
