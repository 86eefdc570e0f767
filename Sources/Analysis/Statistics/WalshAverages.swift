/// (d[i] + d[j]) / 2 for sorted d and i ≤ j; row i holds columns j = i, …, n − 1.
struct WalshAverages: SortedRows {
    let d: [Double]

    var rowCount: Int { d.count }
    var entryCount: Int { d.count * (d.count + 1) / 2 }
    func length(ofRow row: Int) -> Int { d.count - row }
    func entry(row: Int, column: Int) -> Double { (d[row] + d[row + column]) / 2 }

    func count(around value: Double, less: inout [Int], lessOrEqual: inout [Int]) {
        // How many j in 0..<n give an average with d[row] below `value` (strictly, or not); both
        // only fall as the row grows.
        var strictly = d.count
        var atMost = d.count
        for row in 0..<d.count {
            while atMost > 0 && !((d[row] + d[atMost - 1]) / 2 <= value) {
                atMost -= 1
            }
            strictly = min(strictly, atMost)
            while strictly > 0 && !((d[row] + d[strictly - 1]) / 2 < value) {
                strictly -= 1
            }
            less[row] = max(0, strictly - row)
            lessOrEqual[row] = max(0, atMost - row)
        }
    }
}
