/// The first untyped packet of a session, borrowed: protocol version and connection parameters.
///
/// Valid only during the callback that receives it; `StartupMessage(_:)` makes an owned copy.
public struct BorrowedStartupMessage {
    public let protocolMajor: Int16
    public let protocolMinor: Int16
    /// Name and value after name and value, in wire order.
    public let parameterStrings: BorrowedCStrings

    /// Decodes the packet after its length and version code: name/value C strings ended by an empty name.
    init(major: Int16, minor: Int16, reading reader: inout ByteReader) throws(PGWireError) {
        protocolMajor = major
        protocolMinor = minor
        let start = reader.position
        var count = 0
        while true {
            let name = try reader.readCStringRange()
            if name.isEmpty { break }
            _ = try reader.readCStringRange()
            count += 2
        }
        parameterStrings = BorrowedCStrings(validated: reader.slice(start..<(reader.position - 1)), count: count)
        try reader.expectEnd(of: "StartupMessage")
    }
}
