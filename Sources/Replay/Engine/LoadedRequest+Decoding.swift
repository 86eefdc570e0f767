import Workload

/// Decoding of a request record straight into a pooled `LoadedRequest`, field by field in the order
/// of `WorkloadPayloadCursor.request()` (docs/workload-format.md). Every field is read and checked as
/// there, so a damaged record is refused the same way; fields replay does not use are checked and
/// dropped instead of kept.
extension LoadedRequest {
    func decode(_ cursor: inout WorkloadPayloadCursor, texts: inout TextInterner) throws(WorkloadPayloadError) {
        session = try cursor.uint32("session")
        sequence = try cursor.uint32("sequence")
        let kindByte = try cursor.byte("kind")
        guard let kind = RequestKind(rawValue: kindByte) else {
            throw WorkloadPayloadError(reason: "field kind has unknown request kind \(kindByte)")
        }
        self.kind = kind
        flags = RequestFlags(rawValue: try cursor.uint16("flags"))
        sentAt = try cursor.signed("sentAt")
        if try cursor.isPresent("firstReplyAt") { try cursor.skipVarint("firstReplyAt") }
        if try cursor.isPresent("completedAt") { try cursor.skipVarint("completedAt") }
        // The texts are usually the previous request's (the same pooled object serves a session's requests).
        if try cursor.isPresent("text") { try texts.update(&text, &cursor, "text") } else { text = nil }
        try texts.update(&statementName, &cursor, "statementName")
        try texts.update(&portalName, &cursor, "portalName")
        if try cursor.isPresent("functionOID") { _ = try cursor.uint32("functionOID") }

        let oidCount = try cursor.count("parameterTypeOIDs")
        parameterTypeOIDs.removeAll()
        for _ in 0..<oidCount { parameterTypeOIDs.append(try cursor.uint32("parameterTypeOIDs")) }

        let formatCount = try cursor.count("parameterFormats")
        formatCodes.removeAll()
        for _ in 0..<formatCount { formatCodes.append(try cursor.int16("parameterFormats")) }

        let parameterCount = try cursor.count("parameters")
        parameterBytes.removeAll()
        parameterOffsets.removeAll()
        parameterLengths.removeAll()
        for _ in 0..<parameterCount {
            if try cursor.isPresent("parameters") {
                let value = try cursor.rawBytes("parameters")
                parameterOffsets.append(parameterBytes.count)
                parameterLengths.append(Int32(truncatingIfNeeded: value.count))
                parameterBytes.append(contentsOf: value)
                parameterBytes.append(0)
            } else {
                parameterOffsets.append(-1)
                parameterLengths.append(0)
            }
        }
        parameterFormats.removeAll()
        switch formatCodes.count {
        case 0: parameterFormats.append(repeating: 0, count: parameterCount)
        case 1: parameterFormats.append(repeating: Int32(formatCodes[0]), count: parameterCount)
        default:
            for index in 0..<parameterCount {
                parameterFormats.append(index < formatCodes.count ? Int32(formatCodes[index]) : 0)
            }
        }

        let resultCount = try cursor.count("resultFormats")
        var first: Int16?
        var mixed = false
        var binary = false
        for _ in 0..<resultCount {
            let code = try cursor.int16("resultFormats")
            if let first { mixed = mixed || code != first } else { first = code }
            binary = binary || code == 1
        }
        resultFormat = binary ? 1 : 0
        let rowLimit = try cursor.int32("rowLimit")
        copyData = try cursor.isPresent("copyData") ? Array(try cursor.rawBytes("copyData")) : nil
        copyFail = try cursor.optionalString("copyFail")
        fingerprint = try cursor.isPresent("fingerprint") ? try cursor.fixed64("fingerprint") : nil

        // The production outcome.
        let tagCount = try cursor.count("commandTags")
        if tagCount == productionTags.count {
            for index in 0..<tagCount { try texts.update(&productionTags[index], &cursor, "commandTags") }
        } else {
            clearProductionTags()
            for _ in 0..<tagCount { productionTags.append(try texts.string(&cursor, "commandTags")) }
        }
        productionRows = try cursor.varint("rows")
        _ = try cursor.varint("dataRows")
        var sqlState: String?
        let hasError = try cursor.isPresent("error")
        if hasError {
            let fieldCount = try cursor.count("error")
            for _ in 0..<fieldCount {
                let code = try cursor.byte("error")
                let value = try cursor.rawBytes("error")
                if code == UInt8(ascii: "C"), sqlState == nil {
                    sqlState = try WorkloadPayloadCursor.validatedString(value, "error")
                } else {
                    try WorkloadPayloadCursor.validateUTF8(value, "error")
                }
            }
        }
        productionTransactionStatus = try cursor.isPresent("transactionStatus") ? try cursor.byte("transactionStatus") : nil
        _ = try cursor.uint32("notices")
        _ = try cursor.bool("emptyQuery")
        productionSuspended = try cursor.bool("suspended")

        production = ProductionFacts()
        production.rowLimited = rowLimit > 0
        production.mixedResultFormats = mixed
        production.namedPortal = !portalName.isEmpty
        production.sqlState = sqlState
        production.hasError = hasError
        production.incomplete = flags.contains(.incomplete)
        due = nil
        skipReason = nil
    }
}
