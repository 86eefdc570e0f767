/// y[j] − x[i] for sorted x (rows) and sorted y (columns). Row counts only grow with i, because
/// floating-point subtraction is monotone in each operand.
struct PairwiseDifferences: SortedRows {
    let x: [Double]
    let y: [Double]

    var rowCount: Int { x.count }
    var entryCount: Int { x.count * y.count }
    func length(ofRow row: Int) -> Int { y.count }
    func entry(row: Int, column: Int) -> Double { y[column] - x[row] }

    func count(around value: Double, less: inout [Int], lessOrEqual: inout [Int]) {
        var strictly = 0
        var atMost = 0
        for row in 0..<x.count {
            while strictly < y.count && y[strictly] - x[row] < value {
                strictly += 1
            }
            atMost = max(atMost, strictly)
            while atMost < y.count && y[atMost] - x[row] <= value {
                atMost += 1
            }
            less[row] = strictly
            lessOrEqual[row] = atMost
        }
    }
}
