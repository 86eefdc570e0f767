/// What `PacketDecoder` made of one frame.
public enum PacketDecodeResult {
    /// A TCP segment over IPv4 or IPv6.
    case segment(TCPSegment)
    /// A well-formed frame that is not TCP (ARP, UDP, ICMP, ...).
    case notTCP
    /// The frame's link type is not one the decoder knows.
    case unsupportedLinkType
    /// The frame is too short or its headers contradict each other; the reason says which header.
    case malformed(String)
    /// An IP fragment; Postgres traffic over TCP is not fragmented in practice, so fragments are counted, not reassembled.
    case fragment
}
