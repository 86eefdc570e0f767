import Workload

/// Where one request is in the workload file, and the two facts the replay needs before reading it
/// (whether it may join a pipeline), packed in 8 bytes: a million requests cost 8 MB of plan.
public struct PlannedRequest: Sendable, Equatable {
    private let raw: UInt64

    private static let offsetMask: UInt64 = (1 << 56) - 1
    private static let pipelinedBit: UInt64 = 1 << 63
    private static let extendedBit: UInt64 = 1 << 62

    init(offset: UInt64, request: Request) {
        precondition(offset <= Self.offsetMask, "workload files over 64 PiB are not supported")
        var raw = offset
        if request.flags.contains(.pipelined) { raw |= Self.pipelinedBit }
        if request.kind == .execute || request.kind == .prepare { raw |= Self.extendedBit }
        self.raw = raw
    }

    /// Byte offset of the request record.
    public var offset: UInt64 { raw & Self.offsetMask }
    /// Production sent it before the previous request of its session completed.
    public var isPipelined: Bool { raw & Self.pipelinedBit != 0 }
    /// An extended-protocol request (Execute or named Parse), which libpq can send in pipeline mode.
    public var isExtended: Bool { raw & Self.extendedBit != 0 }
}
