import CPcap
import Glibc

/// Reads a pcap or pcapng file through libpcap's offline API, owning its `pcap_t`.
///
/// libpcap opens the file, checks it and reads anything unusual; the records of a plain pcap file
/// (what tcpdump writes) are read by `PcapRecordReader` without libpcap's per-record stdio calls,
/// which cost more than everything else import does per packet on the reading thread.
///
/// Time stamps are read with nanosecond precision whatever the file stores. A file that ends in
/// the middle of a record, as when tcpdump is killed, ends the stream normally after the last
/// complete record and records the fact in `truncation`, so a cut capture is still usable but
/// the cut is never silent.
public final class PcapFileReader: PacketSource {
    /// The path as given.
    public let path: String
    /// The file's link-layer type (`DLT_` value).
    public let linkType: Int32
    /// libpcap's name for `linkType` (`EN10MB`, `LINUX_SLL` ...), or its number when libpcap has none.
    public let linkTypeName: String
    // Updated once per packet on the reading thread only: no runtime exclusivity check needed.
    /// Complete packet records delivered so far.
    @exclusivity(unchecked) public private(set) var packetsRead: Int = 0
    /// Set when the file ended inside a record: libpcap's message and how many records came before the cut.
    public private(set) var truncation: String?
    /// Whether the end of the file (or of its complete records) was reached.
    @exclusivity(unchecked) public private(set) var isAtEnd = false

    private let handle: OpaquePointer
    private let nanosecondPrecision: Bool
    /// Reads the records itself while the file is plain (see `PcapRecordReader`); nil once libpcap reads.
    private var plainRecords: PcapRecordReader?

    /// Opens `path` (or `-` for standard input); with `filter`, only packets matching that BPF
    /// expression are delivered. Throws when the file cannot be opened, is not a capture, has a
    /// link type the decoder does not support (unless `requireSupportedLinkType` is false), or the filter is invalid.
    public init(path: String, filter: String? = nil, requireSupportedLinkType: Bool = true) throws(CaptureError) {
        let (opened, message) = Pcap.withErrorBuffer { errorBuffer in
            pcap_open_offline_with_tstamp_precision(path, UInt32(PCAP_TSTAMP_PRECISION_NANO), errorBuffer)
        }
        guard let handle = opened else {
            throw .cannotOpenFile(path: path, reason: message.isEmpty ? "libpcap could not open it" : message)
        }
        self.handle = handle
        self.path = path
        self.nanosecondPrecision = pcap_get_tstamp_precision(handle) == PCAP_TSTAMP_PRECISION_NANO
        linkType = pcap_datalink(handle)
        linkTypeName = Pcap.linkTypeName(linkType) ?? String(linkType)
        if requireSupportedLinkType, !PacketDecoder.isSupported(linkType: linkType) {
            throw .unsupportedLinkType(source: path, linkType: linkType, name: Pcap.linkTypeName(linkType))
        }
        if let filter {
            try Pcap.installFilter(filter, on: handle)
        } else if nanosecondPrecision, PacketDecoder.isSupported(linkType: linkType), let file = pcap_file(handle) {
            plainRecords = PcapRecordReader(descriptor: fileno(file), snapshotLength: pcap_snapshot(handle))
        }
    }

    deinit {
        pcap_close(handle)
    }

    /// The next packet, or nil at the end of the file. The packet's `data` stays valid until the
    /// next call on this reader (which is what lets `MergedPacketSource` merge without copying).
    public func nextPacket() throws(CaptureError) -> CapturedPacket? {
        guard !isAtEnd else { return nil }
        if let records = plainRecords {
            switch records.next() {
            case .record(let record):
                packetsRead += 1
                return packet(record)
            case .end:
                isAtEnd = true
                return nil
            case .handOver(let offset):
                try handOverToLibpcap(at: offset)
            }
        }
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var bytes: UnsafePointer<UInt8>?
        let status = pcap_next_ex(handle, &header, &bytes)
        switch status {
        case 1:
            guard let header, let bytes else {
                throw .readFailed(source: path, reason: "libpcap returned a packet without data")
            }
            packetsRead += 1
            return packet(header.pointee, bytes)
        case PCAP_ERROR_BREAK:
            isAtEnd = true
            return nil
        default:
            try endOnError()
            return nil
        }
    }

    /// Calls `body` for every packet in file order until the file ends or `body` returns false.
    ///
    /// Runs `pcap_dispatch` with a C callback rather than a `pcap_next_ex` loop: libpcap hands each
    /// record straight to the callback, without the one-shot copy of its header that `pcap_next_ex`
    /// makes, and the loop stays inside libpcap. The packet's `data` is valid during the call only.
    public func forEach(_ body: (CapturedPacket) throws -> Bool) throws {
        guard !isAtEnd else { return }
        if let records = plainRecords {
            // The plain records straight to `body`; libpcap only from a record this reader did not take.
            reading: while true {
                switch records.next() {
                case .record(let record):
                    packetsRead += 1
                    guard try body(packet(record)) else { return }
                case .end:
                    isAtEnd = true
                    return
                case .handOver(let offset):
                    try handOverToLibpcap(at: offset)
                    break reading
                }
            }
        }
        try withoutActuallyEscaping(body) { body in
            let context = DispatchContext(reader: self, body: body)
            let status = pcap_dispatch(handle, -1, { user, header, bytes in
                guard let user, let header, let bytes else { return }
                // Borrowed, not retained: `forEach` keeps the context (and through it the reader) alive.
                Unmanaged<DispatchContext>.fromOpaque(user)._withUnsafeGuaranteedRef { context in
                    context.deliver(header, bytes)
                }
            }, Unmanaged.passUnretained(context).toOpaque().assumingMemoryBound(to: UInt8.self))
            withExtendedLifetime(context) {}
            if context.stopped || status == PCAP_ERROR_BREAK {
                // libpcap leaves its break flag set when it stops after delivering packets; one more
                // call clears it (returning at once, reading nothing), so the next read does not end early.
                if status != PCAP_ERROR_BREAK { _ = pcap_dispatch(handle, 1, { _, _, _ in }, nil) }
                if let failure = context.failure { throw failure }
                return
            }
            if status >= 0 {
                isAtEnd = true  // for a file, pcap_dispatch returns 0 at its end
                return
            }
            try endOnError()
        }
    }

    // MARK: - Private

    /// What the `pcap_dispatch` callback works with: it cannot capture, so it gets this through
    /// libpcap's user pointer. A class so that the callback can borrow it without retaining it.
    private final class DispatchContext {
        let reader: PcapFileReader
        let body: (CapturedPacket) throws -> Bool
        var stopped = false
        var failure: (any Error)?

        init(reader: PcapFileReader, body: @escaping (CapturedPacket) throws -> Bool) {
            self.reader = reader
            self.body = body
        }

        /// One record to `body`; asks libpcap to stop when `body` says so or throws.
        @inline(__always)
        func deliver(_ header: UnsafePointer<pcap_pkthdr>, _ bytes: UnsafePointer<UInt8>) {
            reader.packetsRead += 1
            let proceed: Bool
            do {
                proceed = try body(reader.packet(header.pointee, bytes))
            } catch {
                failure = error
                proceed = false
            }
            if !proceed {
                stopped = true
                pcap_breakloop(reader.handle)
            }
        }
    }

    @inline(__always)
    private func packet(_ record: pcap_pkthdr, _ bytes: UnsafePointer<UInt8>) -> CapturedPacket {
        CapturedPacket(
            timestamp: Pcap.timestamp(record, nanosecondPrecision: nanosecondPrecision),
            linkType: linkType,
            data: UnsafeRawBufferPointer(start: bytes, count: Int(record.caplen)),
            originalLength: Int(record.len))
    }

    @inline(__always)
    private func packet(_ record: PcapRecordReader.Record) -> CapturedPacket {
        CapturedPacket(timestamp: record.timestamp, linkType: linkType, data: record.bytes,
                       originalLength: record.originalLength)
    }

    /// Lets libpcap read on from the record at `offset`, which `PcapRecordReader` did not take.
    private func handOverToLibpcap(at offset: Int64) throws(CaptureError) {
        plainRecords = nil
        guard let file = pcap_file(handle), fseeko(file, off_t(offset), SEEK_SET) == 0 else {
            throw .readFailed(source: path, reason: "cannot seek to offset \(offset): \(String(cString: strerror(errno)))")
        }
    }

    /// After libpcap reported an error: a cut-off last record ends the file (noted in `truncation`);
    /// anything else is thrown.
    private func endOnError() throws(CaptureError) {
        let message = Pcap.lastError(handle)
        if message.contains("truncated") {
            isAtEnd = true
            truncation = "\(message) (after \(packetsRead) complete packet records)"
            return
        }
        throw .readFailed(source: path, reason: message)
    }
}
