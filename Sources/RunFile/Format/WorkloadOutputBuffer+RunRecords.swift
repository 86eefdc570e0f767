import Workload

/// The payload of each run file record type, field by field in the documented order
/// (docs/run-format.md is the reference; keep both in step).
extension WorkloadOutputBuffer {
    /// The magic followed by the header record.
    mutating func appendRunFileStart(_ header: RunHeader) throws(RunFileError) {
        RunFormat.magic.withUnsafeBytes { appendRaw($0) }
        let start = beginRecord(RunRecordType.header.rawValue)
        appendFixed16(header.formatVersion)
        appendString(header.toolVersion)
        appendString(header.workloadPath)
        appendFixed64(header.workloadHash)
        appendVarint(header.workloadRequests)
        appendString(header.target)
        appendString(header.serverVersion)
        appendOptionalFixed64(header.systemIdentifier)
        appendCount(header.settings.count)
        for setting in header.settings {
            appendString(setting.name)
            appendString(setting.value)
        }
        appendFixed64(header.speed.bitPattern)
        appendVarint(UInt64(header.shardIndex))
        appendVarint(UInt64(header.shardCount))
        appendCount(header.filters.count)
        for filter in header.filters { appendString(filter) }
        appendSigned(header.startedAt)
        appendSigned(header.captureStart)
        appendString(header.hostName)
        appendCount(header.mergedShards.count)
        for shard in header.mergedShards { appendVarint(UInt64(shard)) }
        try finishRunRecord(startingAt: start)
    }

    /// One statement record (ancillary): a fingerprint's normalized text, as in the workload's `N` record.
    mutating func appendRunStatement(_ statement: Statement) throws(RunFileError) {
        let start = beginRecord(RunRecordType.statement.rawValue)
        appendFixed64(statement.fingerprint)
        appendString(statement.normalizedText)
        try finishRunRecord(startingAt: start)
    }

    /// The capture record (ancillary): the workload trailer's import summary, stored as is.
    mutating func appendRunCapture(summaryJSON: String) throws(RunFileError) {
        let start = beginRecord(RunRecordType.capture.rawValue)
        appendString(summaryJSON)
        try finishRunRecord(startingAt: start)
    }

    /// The trailer record.
    mutating func appendRunTrailer(_ trailer: RunTrailer) throws(RunFileError) {
        let start = beginRecord(RunRecordType.trailer.rawValue)
        appendSigned(trailer.endedAt)
        appendVarint(trailer.outcomes)
        appendBool(trailer.interrupted)
        appendString(trailer.summaryJSON)
        try finishRunRecord(startingAt: start)
    }

    private mutating func finishRunRecord(startingAt start: Int) throws(RunFileError) {
        do throws(RecordFramingError) {
            try finishRecord(startingAt: start)
        } catch {
            throw .framing(error, path: "", outcomes: 0)
        }
    }
}
