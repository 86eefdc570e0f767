/// Anything that produces captured frames in time order: a pcap file, several merged files, a live interface.
public protocol PacketSource {
    /// Calls `body` for every packet in time order until the source ends or `body` returns false.
    mutating func forEach(_ body: (CapturedPacket) throws -> Bool) throws
}
