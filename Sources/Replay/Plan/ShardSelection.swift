/// `--shard k/n`: which deterministic subset of the sessions this replayer takes, so that n
/// replayers (for example the pods of a Kubernetes Indexed Job) share a workload without overlap.
/// Shards are 1-based on the command line (`1/4` … `4/4`) and 0-based in run files.
public struct ShardSelection: Sendable, Equatable, CustomStringConvertible {
    /// 0-based shard index.
    public let index: UInt32
    public let count: UInt32

    public init?(index: UInt32, count: UInt32) {
        guard count >= 1, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `k/n` with 1 ≤ k ≤ n.
    public init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = UInt32(parts[0]), let n = UInt32(parts[1]), k >= 1, k <= n else { return nil }
        self.init(index: k - 1, count: n)
    }

    /// The whole workload.
    public static let all = ShardSelection(index: 0, count: 1)!

    /// Whether `session` belongs to this shard. Sessions are spread by a hash of their number rather
    /// than by `session % n`, so shards stay balanced whatever pattern the numbering has.
    public func contains(session: UInt32) -> Bool {
        count == 1 || UInt32(Self.mix(UInt64(session)) % UInt64(count)) == index
    }

    /// SplitMix64's finaliser: a fixed, well-distributed 64-bit mix.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public var description: String { "\(index + 1)/\(count)" }
}
