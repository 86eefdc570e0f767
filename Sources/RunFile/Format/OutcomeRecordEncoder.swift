import Workload

/// Encodes one outcome record (type `O`, docs/run-format.md) in a single pass into raw memory, frame
/// and CRC included: a replay writes one per request, and appending field by field through
/// `WorkloadOutputBuffer` cost a call per field, since another module's functions are not inlined.
/// The only encoder of outcome records: `RunWriter`, `RunEncoder` and `RunOutcomeBatch` all use it.
enum OutcomeRecordEncoder {
    /// Appends the record of `outcome` to `buffer`. Throws (and appends nothing) for an outcome whose
    /// payload is over `buffer.payloadLimit`.
    static func append(_ outcome: ReplayOutcome, to buffer: inout WorkloadOutputBuffer) throws(RunFileError) {
        let limit = buffer.payloadLimit
        let length = withUnsafeTemporaryAllocation(byteCount: maximumLength(of: outcome), alignment: 8) { memory in
            let length = encode(outcome, into: memory.baseAddress!)
            if length - frameLength <= limit { buffer.appendRaw(UnsafeRawBufferPointer(start: memory.baseAddress, count: length)) }
            return length
        }
        guard length - frameLength <= limit else {
            throw .framing(.payloadTooLarge(type: RunRecordType.outcome.rawValue, bytes: length - frameLength),
                           path: "", outcomes: 0)
        }
    }

    /// Type, length and CRC around the payload.
    static let frameLength = 9

    /// Bytes the record of `outcome` can take at most: a varint takes up to 10 bytes, an optional
    /// value one more, and a string its bytes after its length.
    static func maximumLength(of outcome: ReplayOutcome) -> Int {
        // Session, sequence, mismatch, tag count, rows, dataRows; status; fingerprint; the three times;
        // skipReason's and error's presence bytes; transaction status; checksums.
        var length = frameLength + 6 * 10 + 1 + 9 + 3 * 11 + 2 + 2 + 17
        if let reason = outcome.skipReason { length += 10 + reason.utf8.count }
        for tag in outcome.commandTags { length += 10 + tag.utf8.count }
        if let error = outcome.error {
            length += 10
            for field in error.fields { length += 11 + field.value.utf8.count }
        }
        return length
    }

    /// Writes the whole record at `start` (which holds `maximumLength(of:)` bytes); returns its length.
    static func encode(_ outcome: ReplayOutcome, into start: UnsafeMutableRawPointer) -> Int {
        var writer = RecordFieldWriter(start + 5)
        writer.varint(UInt64(outcome.session))
        writer.varint(UInt64(outcome.sequence))
        writer.byte(outcome.status.rawValue)
        writer.varint(UInt64(outcome.productionMismatch.rawValue))
        writer.optional(outcome.fingerprint) { $0.fixed64($1) }
        writer.optional(outcome.skipReason) { $0.string($1) }
        writer.signed(outcome.scheduledAt)
        // Send and completion times are stored relative to the schedule: a few bytes instead of nine.
        // Wrapping arithmetic keeps the mapping exact for any pair of Int64 values.
        writer.optional(outcome.sentAt.map { $0 &- outcome.scheduledAt }) { $0.signed($1) }
        writer.optional(outcome.completedAt.map { $0 &- outcome.scheduledAt }) { $0.signed($1) }
        writer.varint(UInt64(outcome.commandTags.count))
        for tag in outcome.commandTags { writer.string(tag) }
        writer.varint(outcome.rows)
        writer.varint(outcome.dataRows)
        writer.optional(outcome.error) { writer, error in
            writer.varint(UInt64(error.fields.count))
            for field in error.fields {
                writer.byte(field.code)
                writer.string(field.value)
            }
        }
        writer.optional(outcome.transactionStatus) { $0.byte($1) }
        // Results without rows have both checksums 0: one byte instead of sixteen.
        if outcome.orderedChecksum == 0 && outcome.unorderedChecksum == 0 {
            writer.byte(0)
        } else {
            writer.byte(1)
            writer.fixed64(outcome.orderedChecksum)
            writer.fixed64(outcome.unorderedChecksum)
        }
        let payloadLength = writer.position - (start + 5)
        start.storeBytes(of: RunRecordType.outcome.rawValue, as: UInt8.self)
        start.storeBytes(of: UInt32(truncatingIfNeeded: payloadLength).littleEndian, toByteOffset: 1, as: UInt32.self)
        let crc = CRC32C.checksum(UnsafeRawBufferPointer(start: start, count: 5 + payloadLength))
        writer.fixed32(crc)
        return writer.position - start
    }
}
