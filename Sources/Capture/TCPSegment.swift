/// One TCP segment decoded from a frame: the addressing, sequence space and the payload bytes.
///
/// `payload` points into the frame and is only valid while the frame is.
public struct TCPSegment {
    public var source: Endpoint
    public var destination: Endpoint
    public var sequence: UInt32
    public var acknowledgment: UInt32
    public var flags: TCPFlags
    /// The payload bytes present in the capture.
    public var payload: UnsafeRawBufferPointer
    /// Payload bytes the IP header announces beyond `payload` that the capture cut off (snapshot
    /// length); the reassembler reports them as lost rather than silently shortening the stream.
    public var missingPayloadBytes: Int

    public init(source: Endpoint, destination: Endpoint, sequence: UInt32, acknowledgment: UInt32,
                flags: TCPFlags, payload: UnsafeRawBufferPointer, missingPayloadBytes: Int = 0) {
        self.source = source
        self.destination = destination
        self.sequence = sequence
        self.acknowledgment = acknowledgment
        self.flags = flags
        self.payload = payload
        self.missingPayloadBytes = missingPayloadBytes
    }

    /// The payload length on the wire: captured plus cut-off bytes.
    public var payloadLength: Int { payload.count + missingPayloadBytes }
}
