/// One captured link-layer frame, handed out by a `PacketSource`.
///
/// `data` points into libpcap's buffer and is only valid during the callback that receives it;
/// copy what you need to keep.
public struct CapturedPacket {
    public var timestamp: Timestamp
    /// The frame's link-layer type, a `DLT_` value (1 = Ethernet, 113 = Linux cooked, ...).
    public var linkType: Int32
    /// The captured bytes, possibly fewer than were on the wire (snapshot length).
    public var data: UnsafeRawBufferPointer
    /// The frame's length on the wire.
    public var originalLength: Int

    public init(timestamp: Timestamp, linkType: Int32, data: UnsafeRawBufferPointer, originalLength: Int) {
        self.timestamp = timestamp
        self.linkType = linkType
        self.data = data
        self.originalLength = originalLength
    }

    /// Whether the capture kept fewer bytes than the frame had (snapshot length too small).
    public var isTruncated: Bool { data.count < originalLength }
}

extension CapturedPacket {
    /// The name libpcap gives a link type (`EN10MB`, `LINUX_SLL`), or its number when libpcap does not know it.
    public static func linkTypeName(_ linkType: Int32) -> String {
        Pcap.linkTypeName(linkType) ?? String(linkType)
    }
}
