/// A matrix whose rows are each sorted ascending and whose per-row counts below a value can be
/// found in one monotone sweep.
protocol SortedRows {
    var rowCount: Int { get }
    var entryCount: Int { get }
    func length(ofRow row: Int) -> Int
    func entry(row: Int, column: Int) -> Double
    /// For every row, how many of its entries are < `value` and how many ≤ `value`, in one sweep.
    func count(around value: Double, less: inout [Int], lessOrEqual: inout [Int])
}

