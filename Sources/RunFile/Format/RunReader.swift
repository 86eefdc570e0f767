#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Workload

/// Streams the outcomes of a run file with bounded memory (one 1 MiB buffer, or one record when a
/// record is larger). Opening checks the magic, the header's checksum and the format version.
///
/// `next()` returns outcomes in file order and nil at the end. Then either `sawTrailer` is true (the
/// file is complete, its trailer in `trailer`, and the trailer's outcome count was checked), or the
/// file was cut short (the replay was stopped while writing it): `cutShort` describes where, and every
/// outcome returned before is valid. Damage throws `RunFileError.corrupt` with the byte offset of the
/// damaged record.
///
/// The ancillary statement and capture records are collected as `next()` passes them, into
/// `statements` and `captureSummaryJSON`: writers put them before the first outcome, so they are
/// complete once the first outcome has been returned (or the end reached), and complete for any file
/// once the end is reached.
public final class RunReader {
    /// The path (or name, for bytes in memory) used in error messages.
    public let path: String
    /// The file's header record.
    public let header: RunHeader
    /// The trailer, once read: the file is complete.
    public private(set) var trailer: RunTrailer?
    /// True once the trailer was read.
    public var sawTrailer: Bool { trailer != nil }
    /// Outcomes returned so far.
    public private(set) var outcomesRead: UInt64 = 0
    /// Normalized text by fingerprint, from the statement records read so far (the first text of a
    /// fingerprint wins): what `compare` shows for a fingerprint without the workload file.
    public private(set) var statements: [UInt64: String] = [:]
    /// The capture's import summary (the workload trailer's JSON), once its record was read; nil for
    /// files written without one (older versions, or a workload that was cut short).
    public private(set) var captureSummaryJSON: String?
    /// Nil unless the end of the file was reached without a trailer; then the `.cutShort` error that
    /// says so, to show as a warning or to throw when a complete run is required.
    public private(set) var cutShort: RunFileError?

    private var input: WorkloadInputBuffer
    private var atEnd = false

    /// Opens a run file and reads its header.
    public convenience init(path: String) throws(RunFileError) {
        let input: WorkloadInputBuffer
        do throws(RecordFileIOError) {
            input = try WorkloadInputBuffer(path: path)
        } catch {
            throw RunFileError(error, path: path)
        }
        try self.init(input: input, path: path)
    }

    /// Reads a run file held in memory (for tests and tools); `name` appears in error messages.
    public convenience init(bytes: [UInt8], name: String = "(in memory)") throws(RunFileError) {
        try self.init(input: WorkloadInputBuffer(bytes: bytes), path: name)
    }

    private init(input: consuming WorkloadInputBuffer, path: String) throws(RunFileError) {
        var input = input
        let header = try Self.readHeader(from: &input, path: path)
        guard header.formatVersion >= 1, header.formatVersion <= RunFormat.version else {
            throw .unsupportedVersion(path: path, version: header.formatVersion)
        }
        self.header = header
        self.input = input
        self.path = path
    }

    /// File offset of the next record: useful for progress reporting.
    public var offset: UInt64 { input.offset }

    /// Bytes held by the read buffer (tests check that memory stays bounded).
    var bufferSize: Int { input.capacity }

    /// The next outcome, or nil at the end of the file (see `sawTrailer` and `cutShort`). The trailer
    /// is not returned; statement and capture records passed on the way are collected (`statements`,
    /// `captureSummaryJSON`), and records of ancillary types this version does not know are skipped.
    public func next() throws(RunFileError) -> ReplayOutcome? {
        guard !atEnd else { return nil }
        while true {
            let found: WorkloadFrame?
            do throws(RecordFramingError) {
                found = try input.nextFrame()
            } catch {
                let failure = RunFileError.framing(error, path: path, outcomes: outcomesRead)
                if case .cutShort = failure { return endCutShort(failure) }
                throw failure
            }
            guard let frame = found else {
                return endCutShort(.cutShort(path: path, offset: input.offset, outcomes: outcomesRead))
            }
            switch RunRecordType(rawValue: frame.type) {
            case .outcome:
                var cursor = WorkloadPayloadCursor(frame.payload)
                do throws(WorkloadPayloadError) {
                    let outcome = try cursor.outcome()
                    outcomesRead += 1
                    return outcome
                } catch {
                    throw malformed(frame, error)
                }
            case .trailer:
                try readTrailer(frame)
                return nil
            case .statement:
                var cursor = WorkloadPayloadCursor(frame.payload)
                do throws(WorkloadPayloadError) {
                    let statement = try cursor.runStatement()
                    if statements[statement.fingerprint] == nil {
                        statements[statement.fingerprint] = statement.normalizedText
                    }
                } catch {
                    throw malformed(frame, error)
                }
            case .capture:
                var cursor = WorkloadPayloadCursor(frame.payload)
                do throws(WorkloadPayloadError) {
                    let summary = try cursor.runCaptureSummary()
                    if captureSummaryJSON == nil { captureSummaryJSON = summary }
                } catch {
                    throw malformed(frame, error)
                }
            case .header:
                throw .corrupt(path: path, offset: frame.offset, reason: "malformed header record: a second header record")
            case nil where frame.type >= RunRecordType.firstAncillary:
                continue
            case nil:
                throw .corrupt(path: path, offset: frame.offset,
                               reason: "unknown record type 0x\(String(frame.type, radix: 16, uppercase: true))")
            }
        }
    }

    private func endCutShort(_ error: RunFileError) -> ReplayOutcome? {
        atEnd = true
        cutShort = error
        return nil
    }

    /// Decodes the trailer, checks its outcome count, and checks that nothing follows it.
    private func readTrailer(_ frame: WorkloadFrame) throws(RunFileError) {
        var cursor = WorkloadPayloadCursor(frame.payload)
        let value: RunTrailer
        do throws(WorkloadPayloadError) {
            value = try cursor.runTrailer()
        } catch {
            throw malformed(frame, error)
        }
        guard value.outcomes == outcomesRead else {
            throw .corrupt(path: path, offset: frame.offset,
                           reason: "the trailer counts \(value.outcomes) outcomes but the file holds \(outcomesRead)")
        }
        let trailingOffset = input.offset
        let more: Bool
        do throws(RecordFramingError) {
            more = try input.fill(atLeast: 1)
        } catch {
            throw .framing(error, path: path, outcomes: outcomesRead)
        }
        if more {
            throw .corrupt(path: path, offset: trailingOffset, reason: "unexpected data after the trailer record")
        }
        trailer = value
        atEnd = true
    }

    private func malformed(_ frame: WorkloadFrame, _ error: WorkloadPayloadError) -> RunFileError {
        .corrupt(path: path, offset: frame.offset,
                 reason: "malformed \(RunRecordType.name(of: frame.type)) record: \(error.reason)")
    }

    private static func readHeader(from input: inout WorkloadInputBuffer, path: String) throws(RunFileError) -> RunHeader {
        let magic = RunFormat.magic
        let hasMagicLength: Bool
        do throws(RecordFramingError) {
            hasMagicLength = try input.fill(atLeast: magic.count)
        } catch {
            throw .framing(error, path: path, outcomes: 0)
        }
        let start = Array(input.peek(magic.count))
        guard hasMagicLength else {
            let reason = input.available == 0 ? "the file is empty" : "the file is only \(input.available) bytes long"
            throw .notARunFile(path: path, reason: reason)
        }
        guard start == magic else {
            throw .notARunFile(path: path, reason: "it does not start with \"PGRHRUNF\"" + hint(forStart: start))
        }
        input.skip(magic.count)
        let first: WorkloadFrame?
        do throws(RecordFramingError) {
            first = try input.nextFrame()
        } catch {
            throw .framing(error, path: path, outcomes: 0)
        }
        guard let frame = first else {
            throw .cutShort(path: path, offset: UInt64(magic.count), outcomes: 0)
        }
        guard frame.type == RunRecordType.header.rawValue else {
            throw .corrupt(path: path, offset: frame.offset,
                           reason: "expected the header record, found \(RunRecordType.withArticle(frame.type))")
        }
        // The version comes first and is checked before the rest, whose layout it governs.
        var cursor = WorkloadPayloadCursor(frame.payload)
        do throws(WorkloadPayloadError) {
            let version = try cursor.fixed16("formatVersion")
            guard version >= 1, version <= RunFormat.version else {
                return RunHeader(formatVersion: version, toolVersion: "", workloadPath: "", workloadHash: 0,
                                 workloadRequests: 0, target: "", serverVersion: "", speed: 0,
                                 startedAt: 0, captureStart: 0)
            }
            cursor = WorkloadPayloadCursor(frame.payload)
            return try cursor.runHeader()
        } catch {
            throw .corrupt(path: path, offset: frame.offset, reason: "malformed header record: \(error.reason)")
        }
    }

    /// A hint for files users commonly pass by mistake.
    private static func hint(forStart start: [UInt8]) -> String {
        if start == WorkloadFormat.magic {
            return " (it is a workload file: give it to `pgrehearse replay`, which writes a run file)"
        }
        let pcapMagics: [[UInt8]] = [[0xD4, 0xC3, 0xB2, 0xA1], [0xA1, 0xB2, 0xC3, 0xD4],
                                     [0x4D, 0x3C, 0xB2, 0xA1], [0xA1, 0xB2, 0x3C, 0x4D]]
        if pcapMagics.contains(Array(start.prefix(4))) { return " (it looks like a pcap capture)" }
        if start.prefix(4) == [0x0A, 0x0D, 0x0D, 0x0A] { return " (it looks like a pcapng capture)" }
        return ""
    }
}
