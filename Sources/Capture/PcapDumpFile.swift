import CPcap

/// A pcap file being written with `pcap_dump` (the `--pcap-out` copy of a live capture), owning its `pcap_dumper_t`.
final class PcapDumpFile {
    let path: String
    private let dumper: OpaquePointer

    /// Creates `path` for packets from `handle` (same link type, snapshot length and time stamp precision).
    init(path: String, handle: OpaquePointer) throws(CaptureError) {
        guard let dumper = pcap_dump_open(handle, path) else {
            throw .cannotWriteDump(path: path, reason: Pcap.lastError(handle))
        }
        self.path = path
        self.dumper = dumper
    }

    deinit {
        pcap_dump_close(dumper)
    }

    /// Appends one record exactly as libpcap delivered it.
    func write(header: UnsafePointer<pcap_pkthdr>, bytes: UnsafePointer<UInt8>) {
        pcap_dump(UnsafeMutableRawPointer(dumper).assumingMemoryBound(to: UInt8.self), header, bytes)
    }

    /// Pushes buffered records to the file.
    func flush() throws(CaptureError) {
        guard pcap_dump_flush(dumper) == 0 else {
            throw .cannotWriteDump(path: path, reason: "flushing failed (disk full?)")
        }
    }
}
