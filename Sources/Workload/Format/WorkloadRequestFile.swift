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
    private var buffer: [UInt8] = []

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
        if buffer.count < Self.readSize { buffer = [UInt8](repeating: 0, count: Self.readSize) }
        let available = try read(upTo: Self.readSize, at: offset, into: 0)
        guard available >= 5 else {
            throw .corrupt(path: path, offset: offset, reason: "file ends inside a request record")
        }
        let type = buffer[0]
        let length = Int(UInt32(buffer[1]) | UInt32(buffer[2]) << 8 | UInt32(buffer[3]) << 16 | UInt32(buffer[4]) << 24)
        guard type == WorkloadRecordType.request.rawValue else {
            throw .corrupt(path: path, offset: offset,
                           reason: "expected a request record, found a \(WorkloadRecordType.name(of: type)) record")
        }
        guard length <= WorkloadFormat.maximumPayloadLength else {
            throw .corrupt(path: path, offset: offset, reason: "impossible length \(length) in request record")
        }
        let total = length + WorkloadFormat.recordOverhead
        if total > available {
            if buffer.count < total { buffer.append(contentsOf: repeatElement(0, count: total - buffer.count)) }
            let more = try read(upTo: total - available, at: offset + UInt64(available), into: available)
            guard available + more == total else {
                throw .corrupt(path: path, offset: offset, reason: "file ends inside a request record")
            }
        }
        let path = self.path
        let result = buffer.withUnsafeBytes { bytes -> Result<Request, WorkloadFormatError> in
            let stored = bytes.loadUnaligned(fromByteOffset: 5 + length, as: UInt32.self).littleEndian
            let computed = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<(5 + length)]))
            guard stored == computed else {
                return .failure(.corrupt(path: path, offset: offset, reason: "checksum mismatch in request record"))
            }
            var cursor = WorkloadPayloadCursor(UnsafeRawBufferPointer(rebasing: bytes[5..<(5 + length)]))
            do throws(WorkloadPayloadError) {
                return .success(try cursor.request())
            } catch {
                return .failure(.corrupt(path: path, offset: offset, reason: "malformed request record: \(error.reason)"))
            }
        }
        if buffer.count > Self.readSize * 16 { buffer = [] }
        return try result.get()
    }

    static let readSize = 4096

    /// Reads up to `count` bytes at `offset` into the buffer at `position`; fewer only at the end of the file.
    private func read(upTo count: Int, at offset: UInt64, into position: Int) throws(WorkloadFormatError) -> Int {
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
