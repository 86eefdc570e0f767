/// Decoding of each record type's payload, field by field in the documented order.
extension WorkloadPayloadCursor {
    mutating func header() throws(WorkloadPayloadError) -> WorkloadHeader {
        let formatVersion = try fixed16("formatVersion")
        let toolVersion = try string("toolVersion")
        let createdAt = try signed("createdAt")
        var sources: [String] = []
        for _ in 0..<(try count("sources")) { sources.append(try string("sources")) }
        var serverPorts: [UInt16] = []
        for _ in 0..<(try count("serverPorts")) { serverPorts.append(try uint16("serverPorts")) }
        var linkTypes: [String] = []
        for _ in 0..<(try count("linkTypes")) { linkTypes.append(try string("linkTypes")) }
        return WorkloadHeader(
            formatVersion: formatVersion, toolVersion: toolVersion, createdAt: createdAt,
            sources: sources, serverPorts: serverPorts, linkTypes: linkTypes)
    }

    mutating func sessionStart() throws(WorkloadPayloadError) -> SessionStart {
        let session = try uint32("session")
        let startedAt = try signed("startedAt")
        let client = try string("client")
        let server = try string("server")
        let sawHandshake = try bool("sawHandshake")
        let sawStartup = try bool("sawStartup")
        let protocolVersion = try isPresent("protocolVersion") ? try uint32("protocolVersion") : nil
        let user = try optionalString("user")
        let database = try optionalString("database")
        let applicationName = try optionalString("applicationName")
        let parameterCount = try count("startupParameters")
        var parameters: [StartupParameter] = []
        parameters.reserveCapacity(parameterCount)
        for _ in 0..<parameterCount {
            let name = try string("startupParameters")
            let value = try string("startupParameters")
            parameters.append(StartupParameter(name: name, value: value))
        }
        return SessionStart(
            session: session, startedAt: startedAt, client: client, server: server,
            sawHandshake: sawHandshake, sawStartup: sawStartup, protocolVersion: protocolVersion,
            user: user, database: database, applicationName: applicationName,
            startupParameters: parameters)
    }

    mutating func statement() throws(WorkloadPayloadError) -> Statement {
        let fingerprint = try fixed64("fingerprint")
        let normalizedText = try string("normalizedText")
        return Statement(fingerprint: fingerprint, normalizedText: normalizedText)
    }

    mutating func request() throws(WorkloadPayloadError) -> Request {
        let session = try uint32("session")
        let sequence = try uint32("sequence")
        let kindByte = try byte("kind")
        guard let kind = RequestKind(rawValue: kindByte) else {
            throw WorkloadPayloadError(reason: "field kind has unknown request kind \(kindByte)")
        }
        let flags = RequestFlags(rawValue: try uint16("flags"))
        let sentAt = try signed("sentAt")
        let firstReplyAt = try optionalSigned("firstReplyAt").map { sentAt &+ $0 }
        let completedAt = try optionalSigned("completedAt").map { sentAt &+ $0 }
        let text = try optionalString("text")
        let statementName = try string("statementName")
        let portalName = try string("portalName")
        let functionOID = try isPresent("functionOID") ? try uint32("functionOID") : nil

        let oidCount = try count("parameterTypeOIDs")
        var parameterTypeOIDs: [UInt32] = []
        parameterTypeOIDs.reserveCapacity(oidCount)
        for _ in 0..<oidCount { parameterTypeOIDs.append(try uint32("parameterTypeOIDs")) }

        let parameterFormats = try formatCodes("parameterFormats")

        let parameterCount = try count("parameters")
        var parameters: [[UInt8]?] = []
        parameters.reserveCapacity(parameterCount)
        for _ in 0..<parameterCount { parameters.append(try optionalByteArray("parameters")) }

        let resultFormats = try formatCodes("resultFormats")
        let rowLimit = try int32("rowLimit")
        let copyData = try optionalByteArray("copyData")
        let copyFail = try optionalString("copyFail")
        let fingerprint = try isPresent("fingerprint") ? try fixed64("fingerprint") : nil
        let outcome = try outcome()
        return Request(
            session: session, sequence: sequence, kind: kind, sentAt: sentAt,
            firstReplyAt: firstReplyAt, completedAt: completedAt, text: text,
            statementName: statementName, portalName: portalName, functionOID: functionOID,
            parameterTypeOIDs: parameterTypeOIDs, parameterFormats: parameterFormats,
            parameters: parameters, resultFormats: resultFormats, rowLimit: rowLimit,
            copyData: copyData, copyFail: copyFail, fingerprint: fingerprint,
            outcome: outcome, flags: flags)
    }

    private mutating func formatCodes(_ field: StaticString) throws(WorkloadPayloadError) -> [Int16] {
        let codeCount = try count(field)
        var codes: [Int16] = []
        codes.reserveCapacity(codeCount)
        for _ in 0..<codeCount { codes.append(try int16(field)) }
        return codes
    }

    private mutating func outcome() throws(WorkloadPayloadError) -> Outcome {
        let tagCount = try count("commandTags")
        var commandTags: [String] = []
        commandTags.reserveCapacity(tagCount)
        for _ in 0..<tagCount { commandTags.append(try string("commandTags")) }
        let rows = try varint("rows")
        let dataRows = try varint("dataRows")
        let error = try optionalErrorInfo()
        let transactionStatus = try isPresent("transactionStatus") ? try byte("transactionStatus") : nil
        let notices = try uint32("notices")
        let emptyQuery = try bool("emptyQuery")
        let suspended = try bool("suspended")
        return Outcome(
            commandTags: commandTags, rows: rows, dataRows: dataRows, error: error,
            transactionStatus: transactionStatus, notices: notices,
            emptyQuery: emptyQuery, suspended: suspended)
    }

    /// An optional ErrorResponse as `WorkloadOutputBuffer.appendOptionalErrorInfo` writes it.
    package mutating func optionalErrorInfo() throws(WorkloadPayloadError) -> ErrorInfo? {
        guard try isPresent("error") else { return nil }
        let fieldCount = try count("error")
        var fields: [ErrorField] = []
        fields.reserveCapacity(fieldCount)
        for _ in 0..<fieldCount {
            let code = try byte("error")
            fields.append(ErrorField(code: code, value: try string("error")))
        }
        return ErrorInfo(fields: fields)
    }

    mutating func sessionEnd() throws(WorkloadPayloadError) -> SessionEnd {
        let session = try uint32("session")
        let endedAt = try signed("endedAt")
        let reason = try string("reason")
        let gapBytes = try varint("gapBytes")
        let encrypted = try bool("encrypted")
        let decodeError = try optionalString("decodeError")
        return SessionEnd(
            session: session, endedAt: endedAt, reason: reason, gapBytes: gapBytes,
            encrypted: encrypted, decodeError: decodeError)
    }

    mutating func trailer() throws(WorkloadPayloadError) -> WorkloadTrailer {
        let firstTimestamp = try optionalSigned("firstTimestamp")
        let lastTimestamp = try optionalSigned("lastTimestamp")
        let sessions = try uint32("sessions")
        let requests = try varint("requests")
        let gapBytes = try varint("gapBytes")
        let encryptedSessions = try uint32("encryptedSessions")
        let packetsSeen = try varint("packetsSeen")
        let packetsDropped = try isPresent("packetsDropped") ? try varint("packetsDropped") : nil
        let truncatedInput = try optionalString("truncatedInput")
        let summaryJSON = try string("summaryJSON")
        return WorkloadTrailer(
            firstTimestamp: firstTimestamp, lastTimestamp: lastTimestamp, sessions: sessions,
            requests: requests, gapBytes: gapBytes, encryptedSessions: encryptedSessions,
            packetsSeen: packetsSeen, packetsDropped: packetsDropped,
            truncatedInput: truncatedInput, summaryJSON: summaryJSON)
    }
}
