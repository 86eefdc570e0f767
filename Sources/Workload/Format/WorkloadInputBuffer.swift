#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One framed record found in the input, its CRC verified.
package struct WorkloadFrame {
    package let type: UInt8
    /// Byte offset of the record's type byte in the file.
    package let offset: UInt64
    /// The payload, inside the input buffer: valid until the next read from that buffer.
    package let payload: UnsafeRawBufferPointer
}

/// Buffered reading of framed records from a file (or from bytes already in memory).
/// Holds one buffer of `chunkSize` bytes, or one record when a record is larger (then shrinks back).
/// It owns the file it opened and closes it when it goes away. Shared by the workload and run file
/// readers (the framing is the same); errors are `RecordFramingError`, which each reader words.
package struct WorkloadInputBuffer: ~Copyable {
    package static let chunkSize = 1 << 20

    private let descriptor: Int32
    /// Bytes read; valid data lies in `start..<end`.
    private var base: UnsafeMutableRawPointer
    package private(set) var capacity: Int
    private var start = 0
    private var end = 0
    /// File offset of `base[0]`.
    private var baseOffset: UInt64 = 0
    private var reachedEnd: Bool

    /// Opens the file at `path` for reading; the reason (the system's message) when it cannot.
    package init(path: String) throws(RecordFileIOError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .cannotOpen(reason: WorkloadFormatError.systemMessage(errno)) }
        self.descriptor = descriptor
        capacity = Self.chunkSize
        base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        reachedEnd = false
    }

    /// Reads from bytes in memory (copied once).
    package init(bytes: [UInt8]) {
        descriptor = -1
        capacity = max(bytes.count, 16)
        let base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        bytes.withUnsafeBytes { source in
            if let address = source.baseAddress { base.copyMemory(from: address, byteCount: source.count) }
        }
        self.base = base
        end = bytes.count
        reachedEnd = true
    }

    deinit {
        base.deallocate()
        if descriptor >= 0 { close(descriptor) }
    }

    /// File offset of the next unread byte.
    package var offset: UInt64 { baseOffset + UInt64(start) }

    /// Unread bytes currently buffered.
    package var available: Int { end - start }

    /// The next `count` unread bytes (there must be that many available).
    package func peek(_ count: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + start, count: min(count, available))
    }

    /// Consumes `count` buffered bytes; callers first make them available with `fill(atLeast:)`.
    package mutating func skip(_ count: Int) {
        start += min(count, available)
    }

    /// Tries to have at least `count` unread bytes buffered; false when the input ends first.
    package mutating func fill(atLeast count: Int) throws(RecordFramingError) -> Bool {
        while available < count {
            if reachedEnd { return false }
            if capacity - start < count {
                makeRoom(for: count)
            }
            try readMore()
        }
        return true
    }

    /// Moves unread bytes to the front of the buffer and sizes it for `count` bytes: back to
    /// `chunkSize` after a large record, so memory stays bounded.
    private mutating func makeRoom(for count: Int) {
        let unread = available
        let size = max(Self.chunkSize, count)
        if capacity < size || capacity > 4 * size {
            let resized = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
            resized.copyMemory(from: base + start, byteCount: unread)
            base.deallocate()
            base = resized
            capacity = size
        } else if start > 0 {
            memmove(base, base + start, unread)
        }
        baseOffset += UInt64(start)
        start = 0
        end = unread
    }

    /// Reads what fits after `end` (callers ensure there is room).
    private mutating func readMore() throws(RecordFramingError) {
        while true {
            let count = read(descriptor, base + end, capacity - end)
            if count > 0 {
                end += count
                return
            }
            if count == 0 {
                reachedEnd = true
                return
            }
            let code = errno
            if code == EINTR { continue }
            throw .readFailed(reason: WorkloadFormatError.systemMessage(code))
        }
    }

    /// Bytes left in the input after the buffered ones, when the input can say (a regular file).
    private func bytesLeftInFile() -> UInt64? {
        guard descriptor >= 0 else { return 0 }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & 0o170000) == 0o100000 /* S_ISREG */ else {
            return nil
        }
        let size = UInt64(max(0, status.st_size))
        let consumed = baseOffset + UInt64(end)
        return size > consumed ? size - consumed : 0
    }

    /// The next complete record, with its CRC verified; nil at a clean end of input.
    package mutating func nextFrame() throws(RecordFramingError) -> WorkloadFrame? {
        let recordOffset = offset
        guard try fill(atLeast: 1) else { return nil }
        guard try fill(atLeast: 5) else {
            throw .endsInsideFrameHeader(offset: recordOffset, present: available)
        }
        let type = base.load(fromByteOffset: start, as: UInt8.self)
        let length = Int(base.loadUnaligned(fromByteOffset: start + 1, as: UInt32.self).littleEndian)
        guard length <= WorkloadFormat.maximumPayloadLength else {
            throw .impossibleLength(offset: recordOffset, type: type, length: length)
        }
        let total = length + WorkloadFormat.recordOverhead
        if available < total, let left = bytesLeftInFile(), UInt64(available) + left < UInt64(total) {
            // Checked before reading so that a damaged length never makes the buffer grow.
            throw .endsInsideRecord(offset: recordOffset, type: type, present: UInt64(available) + left, total: total)
        }
        guard try fill(atLeast: total) else {
            throw .endsInsideRecord(offset: recordOffset, type: type, present: UInt64(available), total: total)
        }
        let stored = base.loadUnaligned(fromByteOffset: start + 5 + length, as: UInt32.self).littleEndian
        let computed = CRC32C.checksum(UnsafeRawBufferPointer(start: base + start, count: 5 + length))
        guard stored == computed else {
            throw .checksumMismatch(offset: recordOffset, type: type)
        }
        let frame = WorkloadFrame(type: type, offset: recordOffset,
                                  payload: UnsafeRawBufferPointer(start: base + start + 5, count: length))
        start += total
        return frame
    }
}
