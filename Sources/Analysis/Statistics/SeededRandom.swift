/// SplitMix64, so that every resampled figure in a report reproduces exactly from its seed on every
/// platform and Swift version (the standard library's generator and range sampling promise neither).
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, bound), by Lemire's multiply-and-reject, spelled out so that it cannot change
    /// under us.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// Uniform in the open interval (0, 1), 53 random bits.
    mutating func unit() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }
}
