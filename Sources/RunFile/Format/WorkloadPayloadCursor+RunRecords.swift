import Workload

/// Decoding of each run file record type's payload, field by field in the documented order.
extension WorkloadPayloadCursor {
    mutating func runHeader() throws(WorkloadPayloadError) -> RunHeader {
        let formatVersion = try fixed16("formatVersion")
        let toolVersion = try string("toolVersion")
        let workloadPath = try string("workloadPath")
        let workloadHash = try fixed64("workloadHash")
        let workloadRequests = try varint("workloadRequests")
        let target = try string("target")
        let serverVersion = try string("serverVersion")
        let systemIdentifier = try isPresent("systemIdentifier") ? try fixed64("systemIdentifier") : nil
        let settingCount = try count("settings")
        var settings: [RunSetting] = []
        settings.reserveCapacity(settingCount)
        for _ in 0..<settingCount {
            let name = try string("settings")
            settings.append(RunSetting(name: name, value: try string("settings")))
        }
        let speed = Double(bitPattern: try fixed64("speed"))
        let shardIndex = try uint32("shardIndex")
        let shardCount = try uint32("shardCount")
        var filters: [String] = []
        for _ in 0..<(try count("filters")) { filters.append(try string("filters")) }
        let startedAt = try signed("startedAt")
        let captureStart = try signed("captureStart")
        let hostName = try string("hostName")
        var mergedShards: [UInt32] = []
        for _ in 0..<(try count("mergedShards")) { mergedShards.append(try uint32("mergedShards")) }
        return RunHeader(
            formatVersion: formatVersion, toolVersion: toolVersion, workloadPath: workloadPath,
            workloadHash: workloadHash, workloadRequests: workloadRequests, target: target,
            serverVersion: serverVersion, systemIdentifier: systemIdentifier, settings: settings,
            speed: speed, shardIndex: shardIndex, shardCount: shardCount, filters: filters,
            startedAt: startedAt, captureStart: captureStart, hostName: hostName,
            mergedShards: mergedShards)
    }

    mutating func outcome() throws(WorkloadPayloadError) -> ReplayOutcome {
        let session = try uint32("session")
        let sequence = try uint32("sequence")
        let statusByte = try byte("status")
        guard let status = ReplayStatus(rawValue: statusByte) else {
            throw WorkloadPayloadError(reason: "field status has unknown replay status \(statusByte)")
        }
        let mismatchValue = try varint("productionMismatch")
        guard let mismatch = UInt8(exactly: mismatchValue) else {
            throw WorkloadPayloadError(reason: "field productionMismatch has out-of-range value \(mismatchValue)")
        }
        let fingerprint = try isPresent("fingerprint") ? try fixed64("fingerprint") : nil
        let skipReason = try optionalString("skipReason")
        let scheduledAt = try signed("scheduledAt")
        let sentAt = try optionalSigned("sentAt").map { scheduledAt &+ $0 }
        let completedAt = try optionalSigned("completedAt").map { scheduledAt &+ $0 }
        let tagCount = try count("commandTags")
        var commandTags: [String] = []
        commandTags.reserveCapacity(tagCount)
        for _ in 0..<tagCount { commandTags.append(try string("commandTags")) }
        let rows = try varint("rows")
        let dataRows = try varint("dataRows")
        let error = try optionalErrorInfo()
        let transactionStatus = try isPresent("transactionStatus") ? try byte("transactionStatus") : nil
        var orderedChecksum: UInt64 = 0
        var unorderedChecksum: UInt64 = 0
        if try isPresent("checksums") {
            orderedChecksum = try fixed64("orderedChecksum")
            unorderedChecksum = try fixed64("unorderedChecksum")
        }
        return ReplayOutcome(
            session: session, sequence: sequence, fingerprint: fingerprint, status: status,
            skipReason: skipReason, scheduledAt: scheduledAt, sentAt: sentAt, completedAt: completedAt,
            commandTags: commandTags, rows: rows, dataRows: dataRows, error: error,
            transactionStatus: transactionStatus, orderedChecksum: orderedChecksum,
            unorderedChecksum: unorderedChecksum, productionMismatch: ProductionMismatch(rawValue: mismatch))
    }

    mutating func runStatement() throws(WorkloadPayloadError) -> Statement {
        let fingerprint = try fixed64("fingerprint")
        let normalizedText = try string("normalizedText")
        return Statement(fingerprint: fingerprint, normalizedText: normalizedText)
    }

    mutating func runCaptureSummary() throws(WorkloadPayloadError) -> String {
        try string("summaryJSON")
    }

    mutating func runTrailer() throws(WorkloadPayloadError) -> RunTrailer {
        let endedAt = try signed("endedAt")
        let outcomes = try varint("outcomes")
        let interrupted = try bool("interrupted")
        let summaryJSON = try string("summaryJSON")
        return RunTrailer(endedAt: endedAt, outcomes: outcomes, interrupted: interrupted, summaryJSON: summaryJSON)
    }
}
