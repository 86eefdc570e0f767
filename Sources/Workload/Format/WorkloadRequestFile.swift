#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads single request records of a workload file by their byte offset (as `WorkloadReader.offset`
/// reported before `next()` returned them), so that replay can give every session its own cursor into
/// one file: sessions never wait for each other's records, and memory holds offsets, not requests.
///
/// `pread` keeps no file position, so one instance can serve many sessions on one thread. It is not
/// shared between threads (each replay thread opens its own).
public final class WorkloadRequestFile {
    public let path: String
    private let descriptor: Int32
    /// The window of `request(at:)`; replay sessions bring their own.
    private var window = WorkloadReadWindow()

    public init(path: String) throws(WorkloadFormatError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .cannotOpen(path: path, reason: WorkloadFormatError.systemMessage(errno))
        }
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        close(descriptor)
    }

    /// The request record that starts at `offset`, checked against its CRC. One `pread` of up to 4 KiB
    /// usually holds the whole record; a larger one takes a second read.
    public func request(at offset: UInt64) throws(WorkloadFormatError) -> Request {
        var request = Request(session: 0, sequence: 0, kind: .query, sentAt: 0)
        try withRequestPayload(at: offset, readingAheadTo: offset, window: &window) {
            (cursor: inout WorkloadPayloadCursor) throws(WorkloadPayloadError) -> Void in request = try cursor.request()
        }
        return request
    }

    /// Calls `body` with a cursor over the payload of the request record at `offset`, checked against
    /// its CRC, without copying it out of `window`. When the record is not in the window yet, one
    /// `pread` refills the window from `offset` up to `end` (a later record of the same session the
    /// caller expects to want next; at least 4 KiB, at most 32 KiB), so a session whose requests lie
    /// close together in the file costs one read for many of them.
    /// Not generic, so that it runs specialized when called from another module.
    package func withRequestPayload(
        at offset: UInt64, readingAheadTo end: UInt64, window: inout WorkloadReadWindow,
        _ body: (inout WorkloadPayloadCursor) throws(WorkloadPayloadError) -> Void
    ) throws(WorkloadFormatError) {
        let start: Int
        if let position = window.position(of: offset), window.holdsRecord(at: position) {
            start = position
        } else {
            let ahead = end > offset ? Int(min(end - offset, UInt64(Self.windowSize))) : 0
            try fill(&window, at: offset, count: max(Self.readSize, ahead))
            start = 0
        }
        let available = window.count - start
        guard available >= 5 else {
            throw .corrupt(path: path, offset: offset, reason: "file ends inside a request record")
        }
        let type = window.bytes[start]
        let length = window.recordLength(at: start)
        guard type == WorkloadRecordType.request.rawValue else {
            throw .corrupt(path: path, offset: offset,
                           reason: "expected a request record, found a \(WorkloadRecordType.name(of: type)) record")
        }
        guard length <= WorkloadFormat.maximumPayloadLength else {
            throw .corrupt(path: path, offset: offset, reason: "impossible length \(length) in request record")
        }
        let total = length + WorkloadFormat.recordOverhead
        if total > available {
            // A record larger than the window (the window was just filled from `offset`): read the rest.
            if window.bytes.count < total { window.bytes.append(contentsOf: repeatElement(0, count: total - window.bytes.count)) }
            let have = window.count
            let more = try read(upTo: total - available, at: offset + UInt64(available), into: &window.bytes,
                                position: have)
            guard available + more == total else {
                window.count = 0
                throw .corrupt(path: path, offset: offset, reason: "file ends inside a request record")
            }
            window.count = total
        }
        let path = self.path
        let failure = window.bytes.withUnsafeBytes { all -> WorkloadFormatError? in
            let bytes = UnsafeRawBufferPointer(rebasing: all[start..<(start + total)])
            let stored = bytes.loadUnaligned(fromByteOffset: 5 + length, as: UInt32.self).littleEndian
            let computed = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<(5 + length)]))
            guard stored == computed else {
                return .corrupt(path: path, offset: offset, reason: "checksum mismatch in request record")
            }
            var cursor = WorkloadPayloadCursor(UnsafeRawBufferPointer(rebasing: bytes[5..<(5 + length)]))
            do throws(WorkloadPayloadError) {
                try body(&cursor)
                return nil
            } catch {
                return .corrupt(path: path, offset: offset, reason: "malformed request record: \(error.reason)")
            }
        }
        // A huge record grew the window: give that memory back.
        if window.bytes.count > Self.windowSize * 4 { window = WorkloadReadWindow() }
        if let failure { throw failure }
    }

    static let readSize = 4096
    /// The most one read takes ahead for a session.
    static let windowSize = 32 * 1024

    /// Reads `count` bytes (fewer at the end of the file) at `offset` into the start of the window.
    private func fill(_ window: inout WorkloadReadWindow, at offset: UInt64, count: Int) throws(WorkloadFormatError) {
        if window.bytes.count < count { window.bytes = [UInt8](repeating: 0, count: count) }
        window.count = 0
        window.count = try read(upTo: count, at: offset, into: &window.bytes, position: 0)
        window.start = offset
    }

    /// Reads up to `count` bytes at `offset` into `buffer` at `position`; fewer only at the end of the file.
    private func read(upTo count: Int, at offset: UInt64, into buffer: inout [UInt8], position: Int) throws(WorkloadFormatError) -> Int {
        var done = 0
        while done < count {
            let got = buffer.withUnsafeMutableBytes { bytes in
                pread(descriptor, bytes.baseAddress! + position + done, count - done, off_t(offset) + off_t(done))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw .readFailed(path: path, reason: WorkloadFormatError.systemMessage(errno))
            }
            if got == 0 { break }
            done += got
        }
        return done
    }
}
