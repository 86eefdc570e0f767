/// Several capture files read as one timeline, for captures split by `tcpdump -C`/`-G` or taken
/// on several interfaces.
///
/// A k-way merge by time stamp: each file is read in its own order and the earliest pending
/// packet goes next; on equal time stamps the file given first goes first, so the merge is
/// stable and deterministic. Packets are not copied: each file keeps its current record alive.
public struct MergedPacketSource: PacketSource {
    /// The files, in the order given; each reports its own link type, packet count and truncation.
    public let readers: [PcapFileReader]

    /// Opens every path (all must open, or the first failure is thrown).
    public init(paths: [String], filter: String? = nil) throws(CaptureError) {
        var readers: [PcapFileReader] = []
        for path in paths {
            readers.append(try PcapFileReader(path: path, filter: filter))
        }
        self.readers = readers
    }

    /// Merges already opened readers.
    public init(readers: [PcapFileReader]) {
        self.readers = readers
    }

    /// The link types of the files, in order.
    public var linkTypes: [Int32] { readers.map(\.linkType) }

    /// For each file that ended inside a record: its path and the truncation message.
    public var truncations: [(path: String, message: String)] {
        readers.compactMap { reader in reader.truncation.map { (reader.path, $0) } }
    }

    /// Packets delivered so far, over all files.
    public var packetsRead: Int { readers.reduce(0) { $0 + $1.packetsRead } }

    /// Calls `body` for every packet of every file in time order until all files end or `body` returns false.
    public mutating func forEach(_ body: (CapturedPacket) throws -> Bool) throws {
        if readers.count == 1 {
            // Nothing to merge: the reader's own loop, which skips the per-packet merge step.
            try readers[0].forEach(body)
            return
        }
        var heads: [CapturedPacket?] = []
        heads.reserveCapacity(readers.count)
        for reader in readers {
            heads.append(try reader.nextPacket())
        }
        while true {
            var earliest = -1
            var earliestTime = Timestamp(nanoseconds: .max)
            for (index, head) in heads.enumerated() {
                if let head, earliest < 0 || head.timestamp < earliestTime {
                    earliest = index
                    earliestTime = head.timestamp
                }
            }
            guard earliest >= 0, let packet = heads[earliest] else { return }
            guard try body(packet) else { return }
            heads[earliest] = try readers[earliest].nextPacket()
        }
    }
}
