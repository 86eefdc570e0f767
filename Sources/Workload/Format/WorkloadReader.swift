#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams the records of a workload file with bounded memory (one 1 MiB buffer, or one record
/// when a record is larger). Opening checks the magic, the header's checksum and the format version.
///
/// `next()` returns records in file order and nil at the end. A file that ends cleanly after a
/// record but without a trailer was cut short: `next()` returns nil and `sawTrailer` stays false,
/// and everything read before is still valid. Damage throws `WorkloadFormatError.corrupt` with the
/// byte offset of the damaged record.
public final class WorkloadReader {
    /// The path (or name, for bytes in memory) used in error messages.
    public let path: String
    /// The file's header record.
    public let header: WorkloadHeader
    /// True once the trailer record was read: the file is complete.
    public private(set) var sawTrailer = false
    /// The trailer, once read.
    public private(set) var trailer: WorkloadTrailer?

    private var input: WorkloadInputBuffer

    /// Opens a workload file and reads its header.
    public convenience init(path: String) throws(WorkloadFormatError) {
        let input: WorkloadInputBuffer
        do throws(RecordFileIOError) {
            input = try WorkloadInputBuffer(path: path)
        } catch {
            throw WorkloadFormatError(error, path: path)
        }
        try self.init(input: input, path: path)
    }

    /// Reads a workload file held in memory (for tests and tools); `name` appears in error messages.
    public convenience init(bytes: [UInt8], name: String = "(in memory)") throws(WorkloadFormatError) {
        try self.init(input: WorkloadInputBuffer(bytes: bytes), path: name)
    }

    private init(input: consuming WorkloadInputBuffer, path: String) throws(WorkloadFormatError) {
        var input = input
        let header = try Self.readHeader(from: &input, path: path)
        guard header.formatVersion >= 1, header.formatVersion <= WorkloadFormat.version else {
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

    /// The next record, or nil at the end of the file (check `sawTrailer` to know whether the file
    /// was complete). Records of ancillary types this version does not know are skipped.
    public func next() throws(WorkloadFormatError) -> WorkloadRecord? {
        if sawTrailer {
            let trailingOffset = input.offset
            if try fill(atLeast: 1) {
                throw .corrupt(path: path, offset: trailingOffset, reason: "unexpected data after the trailer record")
            }
            return nil
        }
        while let frame = try nextFrame() {
            guard let type = WorkloadRecordType(rawValue: frame.type) else {
                if frame.type >= WorkloadRecordType.firstAncillary { continue }
                throw .corrupt(path: path, offset: frame.offset,
                               reason: "unknown record type 0x\(String(frame.type, radix: 16, uppercase: true))")
            }
            let record = try decode(type, frame)
            if case .trailer(let value) = record {
                sawTrailer = true
                trailer = value
            }
            return record
        }
        return nil
    }

    private func fill(atLeast count: Int) throws(WorkloadFormatError) -> Bool {
        do { return try input.fill(atLeast: count) } catch { throw .framing(error, path: path) }
    }

    private func nextFrame() throws(WorkloadFormatError) -> WorkloadFrame? {
        do { return try input.nextFrame() } catch { throw .framing(error, path: path) }
    }

    private func decode(_ type: WorkloadRecordType, _ frame: WorkloadFrame) throws(WorkloadFormatError) -> WorkloadRecord {
        var cursor = WorkloadPayloadCursor(frame.payload)
        do throws(WorkloadPayloadError) {
            switch type {
            case .header: throw WorkloadPayloadError(reason: "a second header record")
            case .sessionStart: return .sessionStart(try cursor.sessionStart())
            case .statement: return .statement(try cursor.statement())
            case .request: return .request(try cursor.request())
            case .sessionEnd: return .sessionEnd(try cursor.sessionEnd())
            case .trailer: return .trailer(try cursor.trailer())
            }
        } catch {
            throw .corrupt(path: path, offset: frame.offset,
                           reason: "malformed \(WorkloadRecordType.name(of: frame.type)) record: \(error.reason)")
        }
    }

    private static func readHeader(from input: inout WorkloadInputBuffer, path: String) throws(WorkloadFormatError) -> WorkloadHeader {
        let magic = WorkloadFormat.magic
        let hasMagicLength: Bool
        do { hasMagicLength = try input.fill(atLeast: magic.count) } catch { throw .framing(error, path: path) }
        guard hasMagicLength else {
            let reason = input.available == 0
                ? "the file is empty"
                : "the file is only \(input.available) bytes long"
            throw .notAWorkloadFile(path: path, reason: reason)
        }
        let start = Array(input.peek(magic.count))
        guard start == magic else {
            throw .notAWorkloadFile(path: path, reason: "it does not start with \"PGRHWKLD\"" + hint(forStart: start))
        }
        input.skip(magic.count)
        let first: WorkloadFrame?
        do { first = try input.nextFrame() } catch { throw .framing(error, path: path) }
        guard let frame = first else {
            throw .corrupt(path: path, offset: UInt64(magic.count), reason: "file ends before the header record")
        }
        guard frame.type == WorkloadRecordType.header.rawValue else {
            throw .corrupt(path: path, offset: frame.offset,
                           reason: "expected the header record, found a \(WorkloadRecordType.name(of: frame.type)) record")
        }
        // The version comes first and is checked before the rest, whose layout it governs.
        var cursor = WorkloadPayloadCursor(frame.payload)
        do throws(WorkloadPayloadError) {
            let version = try cursor.fixed16("formatVersion")
            guard version >= 1, version <= WorkloadFormat.version else {
                return WorkloadHeader(formatVersion: version, toolVersion: "", createdAt: 0)
            }
            cursor = WorkloadPayloadCursor(frame.payload)
            return try cursor.header()
        } catch {
            throw .corrupt(path: path, offset: frame.offset, reason: "malformed header record: \(error.reason)")
        }
    }

    /// A hint for files users commonly pass by mistake.
    private static func hint(forStart start: [UInt8]) -> String {
        let pcapMagics: [[UInt8]] = [[0xD4, 0xC3, 0xB2, 0xA1], [0xA1, 0xB2, 0xC3, 0xD4],
                                     [0x4D, 0x3C, 0xB2, 0xA1], [0xA1, 0xB2, 0x3C, 0x4D]]
        if pcapMagics.contains(Array(start.prefix(4))) { return " (it looks like a pcap capture)" }
        if start.prefix(4) == [0x0A, 0x0D, 0x0D, 0x0A] { return " (it looks like a pcapng capture)" }
        return ""
    }
}
