import Glibc

/// Reads the packet records of a plain pcap file itself, in large `pread`s into a buffer of its
/// own, and hands each record out in place.
///
/// libpcap reads every record with two `fread`s (header, then data) through stdio and a copy into
/// its own buffer: about 370 instructions a packet, more than the rest of import's packet half.
/// This reader handles only the plain case, which is what tcpdump and dumpcap write: the classic
/// format in this machine's byte order, version 2.4, 16-byte record headers, each record complete
/// and no longer than the snapshot length. At the first record that is anything else (cut off,
/// oversized, unreadable) it stops and says where that record starts, so that libpcap can take
/// over from there and treat it exactly as it always would (truncation messages included).
///
/// It reads through libpcap's own descriptor for the file, which it does not own.
final class PcapRecordReader {
    /// One record as the file has it; `bytes` is valid until the next call to `next()`.
    struct Record {
        var timestamp: Timestamp
        var bytes: UnsafeRawBufferPointer
        var originalLength: Int
    }

    /// What `next()` found.
    enum Step {
        case record(Record)
        /// The file ended cleanly after the last record.
        case end
        /// The record at this file offset is not plain: libpcap should read on from there.
        case handOver(offset: Int64)
    }

    /// The default buffer: room for any record (at most 256 KiB of data) and about 4 ms of 100 MB/s.
    static let defaultCapacity = 512 << 10
    /// The most captured bytes libpcap accepts in one record of the link types the decoder supports.
    static let maximumCaptureLength = 262_144

    private let descriptor: Int32
    private let nanosecondFile: Bool
    private let captureLimit: Int
    private let buffer: UnsafeMutableRawBufferPointer
    /// The unread bytes are `buffer[start..<end]`; `end` lies at file offset `endOffset`.
    private var start = 0
    private var end = 0
    private var endOffset: Int64
    private var sawEndOfFile = false

    /// A reader for the records after the 24-byte file header, or nil when the file is not plain
    /// (another magic, byte order or version; pcapng) or is not a regular file (a pipe, standard input).
    /// `snapshotLength` is libpcap's (`pcap_snapshot`), which bounds what it accepts without complaint.
    init?(descriptor: Int32, snapshotLength: Int32, capacity: Int = PcapRecordReader.defaultCapacity) {
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        var header = [UInt8](repeating: 0, count: 24)
        guard pread(descriptor, &header, 24, 0) == 24 else { return nil }
        let (magic, major, minor) = header.withUnsafeBytes { raw in
            (raw.loadUnaligned(as: UInt32.self), raw.loadUnaligned(fromByteOffset: 4, as: UInt16.self),
             raw.loadUnaligned(fromByteOffset: 6, as: UInt16.self))
        }
        guard major == 2, minor == 4 else { return nil }
        switch magic {
        case 0xA1B2_C3D4: nanosecondFile = false
        case 0xA1B2_3C4D: nanosecondFile = true
        default: return nil
        }
        self.descriptor = descriptor
        captureLimit = min(Int(snapshotLength), PcapRecordReader.maximumCaptureLength)
        buffer = .allocate(byteCount: max(capacity, 16), alignment: 16)
        endOffset = 24
    }

    deinit {
        buffer.deallocate()
    }

    /// The next record, the end of the file, or where libpcap must take over.
    @inline(__always)
    func next() -> Step {
        if end - start < 16, !fill(16) { return end == start ? .end : handOver() }
        let header = UnsafeRawBufferPointer(rebasing: buffer[start..<(start + 16)])
        let seconds = Int32(bitPattern: header.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
        let fraction = Int32(bitPattern: header.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        let captured = Int(header.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        let original = Int(header.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
        guard captured <= captureLimit else { return handOver() }
        if end - start < 16 + captured, !fill(16 + captured) { return handOver() }
        let data = start + 16
        start = data + captured
        // As libpcap reports a microsecond file opened with nanosecond precision: the fraction times 1000.
        let nanoseconds = nanosecondFile ? Int64(fraction) : Int64(fraction) &* 1_000
        return .record(Record(timestamp: Timestamp(seconds: Int64(seconds), nanoseconds: nanoseconds),
                              bytes: UnsafeRawBufferPointer(rebasing: buffer[data..<start]),
                              originalLength: original))
    }

    // MARK: - Private

    /// The file offset of the first unread byte, for libpcap to go on from.
    private func handOver() -> Step {
        .handOver(offset: endOffset - Int64(end - start))
    }

    /// Reads until at least `count` unread bytes are buffered; false at the end of the file, on a
    /// read error, or when `count` does not fit the buffer.
    private func fill(_ count: Int) -> Bool {
        guard count <= buffer.count else { return false }
        if start + count > buffer.count {
            // Move the unread tail to the front so the rest of the record fits behind it.
            let unread = end - start
            if unread > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: unread) }
            start = 0
            end = unread
        }
        while end - start < count, !sawEndOfFile {
            let read = pread(descriptor, buffer.baseAddress! + end, buffer.count - end, off_t(endOffset))
            if read <= 0 {
                // End of file, or an error libpcap will meet and report in its own words.
                sawEndOfFile = true
                break
            }
            end += read
            endOffset += Int64(read)
        }
        return end - start >= count
    }
}
