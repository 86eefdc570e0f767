import CPcap

/// Small helpers shared by the file reader and the live capture around libpcap's C conventions.
enum Pcap {
    /// Runs `body` with a zeroed libpcap error buffer and returns its result and the buffer's message.
    static func withErrorBuffer<Result>(_ body: (UnsafeMutablePointer<CChar>?) -> Result) -> (Result, String) {
        var buffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        let result = buffer.withUnsafeMutableBufferPointer { body($0.baseAddress) }
        let message = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return (result, String(decoding: message, as: UTF8.self))
    }

    /// libpcap's last error message for a handle.
    static func lastError(_ handle: OpaquePointer) -> String {
        guard let message = pcap_geterr(handle) else { return "unknown libpcap error" }
        return String(cString: message)
    }

    /// The name libpcap gives a link type (`EN10MB`, `LINUX_SLL`), or nil for numbers it does not know.
    static func linkTypeName(_ linkType: Int32) -> String? {
        guard let name = pcap_datalink_val_to_name(linkType) else { return nil }
        return String(cString: name)
    }

    /// Compiles `filter` as a BPF program and installs it on `handle`.
    static func installFilter(_ filter: String, on handle: OpaquePointer) throws(CaptureError) {
        var program = bpf_program()
        guard pcap_compile(handle, &program, filter, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            throw .badFilter(filter: filter, reason: lastError(handle))
        }
        defer { pcap_freecode(&program) }
        guard pcap_setfilter(handle, &program) == 0 else {
            throw .badFilter(filter: filter, reason: lastError(handle))
        }
    }

    /// A packet header's time stamp in nanoseconds, given the handle's precision.
    @inline(__always)
    static func timestamp(_ header: pcap_pkthdr, nanosecondPrecision: Bool) -> Timestamp {
        let fraction = Int64(header.ts.tv_usec)
        return Timestamp(seconds: Int64(header.ts.tv_sec),
                         nanoseconds: nanosecondPrecision ? fraction : fraction &* 1_000)
    }
}
