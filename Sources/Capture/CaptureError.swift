/// Everything that can go wrong while reading or capturing packets, each with a message a user can act on.
public enum CaptureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A capture file could not be opened: missing, unreadable, or not a pcap/pcapng file.
    case cannotOpenFile(path: String, reason: String)
    /// libpcap reported an error in the middle of a file or a live capture.
    case readFailed(source: String, reason: String)
    /// The file or interface uses a link layer the packet decoder does not understand.
    case unsupportedLinkType(source: String, linkType: Int32, name: String?)
    /// The BPF filter expression did not compile.
    case badFilter(filter: String, reason: String)
    /// The process lacks the privilege to capture on the interface.
    case permissionDenied(interface: String, reason: String)
    /// No interface has that name.
    case interfaceNotFound(interface: String, reason: String)
    /// The interface exists but is down.
    case interfaceNotUp(interface: String)
    /// Any other failure to start a live capture.
    case cannotStartCapture(interface: String, reason: String)
    /// The raw-packet copy (`--pcap-out`) could not be created.
    case cannotWriteDump(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpenFile(let path, let reason):
            return "cannot open capture file \(path): \(reason)"
        case .readFailed(let source, let reason):
            return "error reading packets from \(source): \(reason)"
        case .unsupportedLinkType(let source, let linkType, let name):
            let label = name.map { "\($0) (\(linkType))" } ?? "\(linkType)"
            return "\(source) uses link type \(label), which pgrehearse cannot decode; supported: "
                + "EN10MB (Ethernet), LINUX_SLL, LINUX_SLL2, NULL, LOOP, RAW, IPV4, IPV6"
        case .badFilter(let filter, let reason):
            return "invalid capture filter \"\(filter)\": \(reason)"
        case .permissionDenied(let interface, let reason):
            return "capturing on \(interface) needs root or CAP_NET_RAW "
                + "(e.g. `sudo setcap cap_net_raw,cap_net_admin=eip $(which pgrehearse)`): \(reason)"
        case .interfaceNotFound(let interface, let reason):
            return "no capture interface named \(interface) (list them with `tcpdump -D`): \(reason)"
        case .interfaceNotUp(let interface):
            return "interface \(interface) is down; bring it up (`ip link set \(interface) up`) or pick another"
        case .cannotStartCapture(let interface, let reason):
            return "cannot start capturing on \(interface): \(reason)"
        case .cannotWriteDump(let path, let reason):
            return "cannot write raw packets to \(path): \(reason)"
        }
    }
}
