/// Counts what `PacketDecoder` made of a capture's frames, for the import summary: how much
/// was TCP, and how much could not be used and why.
public struct PacketDecodeStatistics: Sendable, Hashable {
    /// Frames looked at.
    public var frames: Int = 0
    /// Frames that held a TCP segment.
    public var tcpSegments: Int = 0
    /// Frames of other protocols (ARP, UDP, ICMP ...).
    public var notTCP: Int = 0
    /// IP fragments (not reassembled).
    public var fragments: Int = 0
    /// Frames whose headers were short or inconsistent.
    public var malformed: Int = 0
    /// Frames of a link type the decoder does not know.
    public var unsupportedLinkType: Int = 0
    /// Frames the snapshot length cut short (captured fewer bytes than were on the wire).
    public var truncatedFrames: Int = 0
    /// The first malformation seen, to show the user an example.
    public var firstMalformedReason: String?

    public init() {}

    /// Counts one frame and what the decoder made of it.
    public mutating func record(_ result: PacketDecodeResult, for packet: CapturedPacket) {
        frames += 1
        if packet.isTruncated { truncatedFrames += 1 }
        switch result {
        case .segment: tcpSegments += 1
        case .notTCP: notTCP += 1
        case .fragment: fragments += 1
        case .unsupportedLinkType: unsupportedLinkType += 1
        case .malformed(let reason):
            malformed += 1
            if firstMalformedReason == nil { firstMalformedReason = reason }
        }
    }
}
