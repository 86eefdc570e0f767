/// The request record's payload, field by field in the documented order (docs/workload-format.md is the
/// reference; keep both in step), for owned and borrowed requests alike.
extension RecordFieldWriter {
    mutating func requestPayload<Fields: RequestRecordFields>(_ value: Fields, fingerprint: UInt64?) {
        varint(UInt64(value.session))
        varint(UInt64(value.sequence))
        byte(value.kind.rawValue)
        varint(UInt64(value.flags.rawValue))
        signed(value.sentAt)
        // Reply and completion times are stored relative to sentAt: a few bytes instead of nine.
        // Wrapping arithmetic keeps the mapping exact for any pair of Int64 values.
        optionalSigned(value.firstReplyAt.map { $0 &- value.sentAt })
        optionalSigned(value.completedAt.map { $0 &- value.sentAt })
        if let text = value.text {
            byte(1)
            text.writeString(to: &self)
        } else {
            byte(0)
        }
        value.statementName.writeString(to: &self)
        value.portalName.writeString(to: &self)
        optionalVarint(value.functionOID.map { UInt64($0) })
        count(value.parameterTypeOIDs.count)
        for oid in value.parameterTypeOIDs { varint(UInt64(oid)) }
        count(value.parameterFormats.count)
        for format in value.parameterFormats { signed(Int64(format)) }
        count(value.parameters.count)
        for parameter in value.parameters {
            if let parameter {
                byte(1)
                parameter.writeBytes(to: &self)
            } else {
                byte(0)
            }
        }
        count(value.resultFormats.count)
        for format in value.resultFormats { signed(Int64(format)) }
        signed(Int64(value.rowLimit))
        if let copyData = value.copyData {
            byte(1)
            copyData.writeBytes(to: &self)
        } else {
            byte(0)
        }
        if let copyFail = value.copyFail {
            byte(1)
            copyFail.writeString(to: &self)
        } else {
            byte(0)
        }
        if let fingerprint {
            byte(1)
            fixed64(fingerprint)
        } else {
            byte(0)
        }
        // The outcome.
        count(value.outcomeCommandTags.count)
        for tag in value.outcomeCommandTags { tag.writeString(to: &self) }
        varint(value.outcomeRows)
        varint(value.outcomeDataRows)
        optionalErrorFields(value.outcomeError)
        if let status = value.outcomeTransactionStatus {
            byte(1)
            byte(status)
        } else {
            byte(0)
        }
        varint(UInt64(value.outcomeNotices))
        bool(value.outcomeEmptyQuery)
        bool(value.outcomeSuspended)
    }

    /// An optional ErrorResponse: presence byte, then the field count and each (u8 code, string value).
    mutating func optionalErrorFields<Text: RecordString>(_ fields: (some Collection<(code: UInt8, value: Text)>)?) {
        guard let fields else { return byte(0) }
        byte(1)
        count(fields.count)
        for field in fields {
            byte(field.code)
            field.value.writeString(to: &self)
        }
    }

    /// The most bytes `optionalErrorFields` stores for `fields`.
    static func errorFieldsSizeBound<Text: RecordString>(_ fields: (some Collection<(code: UInt8, value: Text)>)?) -> Int {
        guard let fields else { return 1 }
        return fields.reduce(11) { $0 + 1 + $1.value.stringSizeBound }
    }
}

extension RequestRecordFields {
    /// The most bytes the request's payload takes: ten for every varint and length, and each text's and
    /// value's own bound. Computed so the payload can be written without a capacity check per field.
    var encodedSizeBound: Int {
        var bound = 200  // the fixed fields: 23 varints, presence bytes and flags at most
        if let text { bound += text.stringSizeBound }
        bound += statementName.stringSizeBound + portalName.stringSizeBound
        bound += 5 * parameterTypeOIDs.count + 3 * (parameterFormats.count + resultFormats.count)
        for parameter in parameters { bound += 1 + (parameter?.bytesSizeBound ?? 0) }
        if let copyData { bound += copyData.bytesSizeBound }
        if let copyFail { bound += copyFail.stringSizeBound }
        for tag in outcomeCommandTags { bound += tag.stringSizeBound }
        return bound + RecordFieldWriter.errorFieldsSizeBound(outcomeError)
    }
}
