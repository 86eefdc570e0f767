/// The payload of each record type, field by field in the documented order
/// (docs/workload-format.md is the reference; keep both in step).
extension WorkloadOutputBuffer {
    /// Starts a workload record.
    mutating func beginRecord(_ type: WorkloadRecordType) -> Int {
        beginRecord(type.rawValue)
    }

    /// Finishes a workload record, reporting an oversized one as a workload error.
    mutating func finishWorkloadRecord(startingAt start: Int) throws(WorkloadFormatError) {
        do throws(RecordFramingError) {
            try finishRecord(startingAt: start)
        } catch {
            throw .framing(error, path: "")
        }
    }

    /// The magic followed by the header record.
    mutating func appendFileStart(_ header: WorkloadHeader) throws(WorkloadFormatError) {
        WorkloadFormat.magic.withUnsafeBytes { appendRaw($0) }
        let start = beginRecord(.header)
        appendFixed16(header.formatVersion)
        appendString(header.toolVersion)
        appendSigned(header.createdAt)
        appendCount(header.sources.count)
        for source in header.sources { appendString(source) }
        appendCount(header.serverPorts.count)
        for port in header.serverPorts { appendVarint(UInt64(port)) }
        appendCount(header.linkTypes.count)
        for linkType in header.linkTypes { appendString(linkType) }
        try finishWorkloadRecord(startingAt: start)
    }

    /// One record after the header.
    mutating func appendRecord(_ record: WorkloadRecord) throws(WorkloadFormatError) {
        let start: Int
        switch record {
        case .sessionStart(let value):
            start = beginRecord(.sessionStart)
            appendPayload(value)
        case .statement(let value):
            start = beginRecord(.statement)
            appendFixed64(value.fingerprint)
            appendString(value.normalizedText)
        case .request(let value):
            try appendRequestRecord(value, fingerprint: value.fingerprint)
            return
        case .sessionEnd(let value):
            start = beginRecord(.sessionEnd)
            appendVarint(UInt64(value.session))
            appendSigned(value.endedAt)
            appendString(value.reason)
            appendVarint(value.gapBytes)
            appendBool(value.encrypted)
            appendOptionalString(value.decodeError)
        case .trailer(let value):
            start = beginRecord(.trailer)
            appendPayload(value)
        }
        try finishWorkloadRecord(startingAt: start)
    }

    private mutating func appendPayload(_ value: SessionStart) {
        appendVarint(UInt64(value.session))
        appendSigned(value.startedAt)
        appendString(value.client)
        appendString(value.server)
        appendBool(value.sawHandshake)
        appendBool(value.sawStartup)
        appendOptionalVarint(value.protocolVersion.map { UInt64($0) })
        appendOptionalString(value.user)
        appendOptionalString(value.database)
        appendOptionalString(value.applicationName)
        appendCount(value.startupParameters.count)
        for parameter in value.startupParameters {
            appendString(parameter.name)
            appendString(parameter.value)
        }
    }

    /// A request record, with the fingerprint the recorder computed (owned requests carry their own).
    mutating func appendRequestRecord(_ value: some RequestRecordFields, fingerprint: UInt64?) throws(WorkloadFormatError) {
        let start = beginRecord(.request)
        withFieldWriter(reserving: value.encodedSizeBound) { $0.requestPayload(value, fingerprint: fingerprint) }
        try finishWorkloadRecord(startingAt: start)
    }

    /// An optional ErrorResponse: presence byte, then the field count and each (u8 code, string value)
    /// in the order the server sent them. Run files store their errors the same way.
    package mutating func appendOptionalErrorInfo(_ error: ErrorInfo?) {
        let fields = error.map { $0.fields.lazy.map { (code: $0.code, value: $0.value) } }
        withFieldWriter(reserving: RecordFieldWriter.errorFieldsSizeBound(fields)) { $0.optionalErrorFields(fields) }
    }

    private mutating func appendPayload(_ value: WorkloadTrailer) {
        appendOptionalSigned(value.firstTimestamp)
        appendOptionalSigned(value.lastTimestamp)
        appendVarint(UInt64(value.sessions))
        appendVarint(value.requests)
        appendVarint(value.gapBytes)
        appendVarint(UInt64(value.encryptedSessions))
        appendVarint(value.packetsSeen)
        appendOptionalVarint(value.packetsDropped)
        appendOptionalString(value.truncatedInput)
        appendString(value.summaryJSON)
    }
}
