import CPcap
import Glibc

/// Captures packets from a network interface, owning its live `pcap_t`.
///
/// Tuned for not losing packets under load rather than for latency: a large kernel buffer and
/// normal (batched) delivery, since immediate mode dropped packets under pgbench. The handle is
/// non-blocking and the loop `poll()`s it together with a stop pipe, so `stop()` ends `forEach`
/// promptly even when no packet ever arrives (a blocking `pcap_next_ex` can wait forever).
public final class LiveCapture: PacketSource {
    /// The interface name as given (`lo`, `eth0`, `any`).
    public let interface: String
    /// The interface's link-layer type (`DLT_` value).
    public let linkType: Int32
    /// libpcap's name for `linkType`.
    public let linkTypeName: String
    /// Warnings from activation (e.g. promiscuous mode unsupported); capture works anyway.
    public let warnings: [String]
    /// Packets delivered so far.
    public private(set) var packetsRead: Int = 0
    /// Stops the capture from another thread or a signal handler.
    public let stopSignal: LiveCaptureStopSignal

    private let handle: OpaquePointer
    private let selectableDescriptor: Int32
    private let nanosecondPrecision: Bool
    private let dumpFile: PcapDumpFile?
    private let pollIntervalMilliseconds: Int32
    private var stopRequested = false
    private var counters = (received: UInt64(0), dropped: UInt64(0), interfaceDropped: UInt64(0))
    private var lastRaw = (received: UInt32(0), dropped: UInt32(0), interfaceDropped: UInt32(0))

    /// The default snapshot length: whole packets, even with offloaded 64 KiB segments.
    public static let defaultSnapshotLength: Int32 = 262_144
    /// The default kernel buffer: 64 MiB, which kept up with pgbench on loopback without drops.
    public static let defaultBufferSize: Int32 = 64 << 20

    /// Opens and activates `interface`. `filter` is a BPF expression (`tcp port 5432`); with
    /// `dumpPath`, every delivered packet is also written there as a pcap file (`--pcap-out`).
    /// `pollIntervalMilliseconds` bounds both the kernel's batching delay and how long an idle
    /// loop waits between checks.
    public init(interface: String,
                filter: String? = nil,
                snapshotLength: Int32 = LiveCapture.defaultSnapshotLength,
                bufferSize: Int32 = LiveCapture.defaultBufferSize,
                promiscuous: Bool = false,
                dumpPath: String? = nil,
                pollIntervalMilliseconds: Int32 = 100) throws(CaptureError) {
        let (created, createMessage) = Pcap.withErrorBuffer { errorBuffer in pcap_create(interface, errorBuffer) }
        guard let handle = created else {
            throw .cannotStartCapture(interface: interface, reason: createMessage)
        }
        let activated: Activation
        do {
            activated = try LiveCapture.activate(
                handle, interface: interface, filter: filter, snapshotLength: snapshotLength,
                bufferSize: bufferSize, promiscuous: promiscuous, dumpPath: dumpPath,
                timeoutMilliseconds: max(1, pollIntervalMilliseconds))
        } catch {
            pcap_close(handle)
            throw error
        }
        self.handle = handle
        self.interface = interface
        linkType = activated.linkType
        linkTypeName = Pcap.linkTypeName(activated.linkType) ?? String(activated.linkType)
        warnings = activated.warnings
        selectableDescriptor = activated.selectableDescriptor
        nanosecondPrecision = activated.nanosecondPrecision
        dumpFile = activated.dumpFile
        stopSignal = activated.stopSignal
        self.pollIntervalMilliseconds = max(1, pollIntervalMilliseconds)
    }

    /// What activation found out about the handle.
    private struct Activation {
        var linkType: Int32
        var warnings: [String]
        var selectableDescriptor: Int32
        var nanosecondPrecision: Bool
        var dumpFile: PcapDumpFile?
        var stopSignal: LiveCaptureStopSignal
    }

    /// Configures and activates a created handle; the caller closes it if this throws.
    private static func activate(_ handle: OpaquePointer, interface: String, filter: String?,
                                 snapshotLength: Int32, bufferSize: Int32, promiscuous: Bool,
                                 dumpPath: String?, timeoutMilliseconds: Int32) throws(CaptureError) -> Activation {
        pcap_set_snaplen(handle, snapshotLength)
        pcap_set_promisc(handle, promiscuous ? 1 : 0)
        pcap_set_timeout(handle, timeoutMilliseconds)
        pcap_set_buffer_size(handle, bufferSize)
        // Nanosecond stamps where the platform has them; otherwise libpcap keeps microseconds.
        _ = pcap_set_tstamp_precision(handle, Int32(PCAP_TSTAMP_PRECISION_NANO))

        let status = pcap_activate(handle)
        if status < 0 {
            let detail = Pcap.lastError(handle)
            switch status {
            case PCAP_ERROR_PERM_DENIED, PCAP_ERROR_PROMISC_PERM_DENIED:
                throw .permissionDenied(interface: interface, reason: detail)
            case PCAP_ERROR_NO_SUCH_DEVICE:
                throw .interfaceNotFound(interface: interface, reason: detail)
            case PCAP_ERROR_IFACE_NOT_UP:
                throw .interfaceNotUp(interface: interface)
            default:
                throw .cannotStartCapture(interface: interface, reason: detail)
            }
        }
        let linkType = pcap_datalink(handle)
        guard PacketDecoder.isSupported(linkType: linkType) else {
            throw .unsupportedLinkType(source: "interface \(interface)", linkType: linkType,
                                       name: Pcap.linkTypeName(linkType))
        }
        if let filter { try Pcap.installFilter(filter, on: handle) }
        let (nonblockStatus, nonblockMessage) = Pcap.withErrorBuffer { errorBuffer in
            pcap_setnonblock(handle, 1, errorBuffer)
        }
        guard nonblockStatus == 0 else {
            throw .cannotStartCapture(interface: interface, reason: nonblockMessage)
        }
        let descriptor = pcap_get_selectable_fd(handle)
        guard descriptor >= 0 else {
            throw .cannotStartCapture(interface: interface, reason: "the capture has no pollable descriptor")
        }
        var dumpFile: PcapDumpFile?
        if let dumpPath { dumpFile = try PcapDumpFile(path: dumpPath, handle: handle) }
        return Activation(
            linkType: linkType,
            warnings: status > 0 ? [Pcap.lastError(handle)] : [],
            selectableDescriptor: descriptor,
            nanosecondPrecision: pcap_get_tstamp_precision(handle) == PCAP_TSTAMP_PRECISION_NANO,
            dumpFile: dumpFile,
            stopSignal: try LiveCaptureStopSignal(interface: interface))
    }

    deinit {
        pcap_close(handle)
    }

    /// Asks `forEach` to return (same as `stopSignal.stop()`, for callers on the capturing thread).
    public func stop() {
        stopSignal.stop()
    }

    /// Delivers packets as they arrive until `stop()` is called or `body` returns false.
    /// The `--pcap-out` file, if any, is flushed before returning.
    public func forEach(_ body: (CapturedPacket) throws -> Bool) throws {
        do {
            try deliverPackets(body)
        } catch {
            try? dumpFile?.flush()  // keep what was captured; the first error is the one to report
            throw error
        }
        try dumpFile?.flush()
    }

    private func deliverPackets(_ body: (CapturedPacket) throws -> Bool) throws {
        var descriptors = [
            pollfd(fd: selectableDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: stopSignal.readDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        var sinceStopCheck = 0
        // After a stop, keep reading what the kernel captured before it: everything already buffered
        // (under load that can be a backlog of seconds), and for two poll intervals whatever it still
        // hands over in blocks retired by timeout. Packets stamped after the stop end the drain.
        var drainDeadline: timespec?
        var stopTime = Int64.max
        while true {
            if stopRequested, drainDeadline == nil {
                drainDeadline = Self.monotonicNow(plusMilliseconds: 2 * Int(pollIntervalMilliseconds))
                var now = timespec()
                clock_gettime(CLOCK_REALTIME, &now)
                stopTime = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
            }
            var header: UnsafeMutablePointer<pcap_pkthdr>?
            var bytes: UnsafePointer<UInt8>?
            let status = pcap_next_ex(handle, &header, &bytes)
            if status == 1 {
                guard let header, let bytes else {
                    throw CaptureError.readFailed(source: "interface \(interface)", reason: "libpcap returned a packet without data")
                }
                let record = header.pointee
                let timestamp = Pcap.timestamp(record, nanosecondPrecision: nanosecondPrecision)
                if timestamp.nanoseconds > stopTime { return }
                packetsRead += 1
                dumpFile?.write(header: header, bytes: bytes)
                let packet = CapturedPacket(
                    timestamp: timestamp,
                    linkType: linkType,
                    data: UnsafeRawBufferPointer(start: bytes, count: Int(record.caplen)),
                    originalLength: Int(record.len))
                guard try body(packet) else { return }
                // Under sustained load the loop never idles: look at the stop pipe now and then.
                sinceStopCheck += 1
                if sinceStopCheck >= 512 {
                    sinceStopCheck = 0
                    if stopSignal.isStopped { stopRequested = true }
                }
            } else if status == 0 {
                if let drainDeadline {
                    let remaining = drainDeadline.milliseconds(after: Self.monotonicNow(plusMilliseconds: 0))
                    guard remaining > 0 else { return }
                    descriptors[0].revents = 0
                    _ = poll(&descriptors, 1, Int32(clamping: remaining))
                    continue
                }
                // Nothing buffered: sleep until the kernel hands over packets or stop() writes.
                descriptors[0].revents = 0
                descriptors[1].revents = 0
                let ready = poll(&descriptors, 2, pollIntervalMilliseconds)
                if ready > 0, descriptors[1].revents != 0 { stopRequested = true }
            } else if status == PCAP_ERROR_BREAK {
                return
            } else {
                throw CaptureError.readFailed(source: "interface \(interface)", reason: Pcap.lastError(handle))
            }
        }
    }

    /// Packets the kernel saw, dropped for lack of buffer space, and dropped by the interface,
    /// since activation (libpcap's 32-bit counters, widened so they do not wrap). On loopback the
    /// kernel counts each packet twice. If libpcap cannot report, the last known values are returned.
    public func statistics() -> (received: UInt64, dropped: UInt64, interfaceDropped: UInt64) {
        var raw = pcap_stat()
        if pcap_stats(handle, &raw) == 0 {
            counters.received &+= UInt64(raw.ps_recv &- lastRaw.received)
            counters.dropped &+= UInt64(raw.ps_drop &- lastRaw.dropped)
            counters.interfaceDropped &+= UInt64(raw.ps_ifdrop &- lastRaw.interfaceDropped)
            lastRaw = (raw.ps_recv, raw.ps_drop, raw.ps_ifdrop)
        }
        return counters
    }
}

extension LiveCapture {
    /// The monotonic clock, `milliseconds` from now.
    static func monotonicNow(plusMilliseconds milliseconds: Int) -> timespec {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let total = Int(now.tv_nsec) + milliseconds * 1_000_000
        return timespec(tv_sec: now.tv_sec + total / 1_000_000_000, tv_nsec: total % 1_000_000_000)
    }
}

extension timespec {
    static func >= (lhs: timespec, rhs: timespec) -> Bool {
        lhs.tv_sec != rhs.tv_sec ? lhs.tv_sec > rhs.tv_sec : lhs.tv_nsec >= rhs.tv_nsec
    }

    /// Whole milliseconds from `earlier` to this time (negative when this time is before it).
    func milliseconds(after earlier: timespec) -> Int {
        (tv_sec - earlier.tv_sec) * 1000 + (tv_nsec - earlier.tv_nsec) / 1_000_000
    }
}
