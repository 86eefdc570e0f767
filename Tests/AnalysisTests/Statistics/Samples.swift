/// Fixed samples shared by the known-answer tests; each formula is repeated in the Python that
/// produced the expected values.
enum Samples {
    /// R's `wilcox.test` example (Hollander & Wolfe): depression scale before (x) and after (y).
    static let x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
    static let y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]

    /// `[(i*37 % 101)/10 for i in range(count)]`
    static func spreadX(_ count: Int) -> [Double] { (0..<count).map { Double($0 * 37 % 101) / 10 } }
    /// `[(j*53 % 97)/10 + 0.3 for j in range(count)]`
    static func spreadY(_ count: Int) -> [Double] { (0..<count).map { Double($0 * 53 % 97) / 10 + 0.3 } }
    /// `[((i*29 % 83) - 35)/7 for i in range(count)]`
    static func differences(_ count: Int) -> [Double] { (0..<count).map { Double($0 * 29 % 83 - 35) / 7 } }
}
