/// Two 64-bit checksums of the rows of one result, accumulated while the rows stream in (from libpq
/// row by row, or COPY TO STDOUT line by line) so that no row is kept: `ordered` tells whether two
/// runs returned the same rows in the same order, `unordered` whether they returned the same rows in
/// any order (a query without ORDER BY may legitimately return them differently after a migration).
///
/// How it is computed (stable across processes and machines; stored in run files, so never change it
/// without a new run format version):
/// - each value is hashed with XXH64 (`StableHash`, seed 0); SQL NULL is the fixed word
///   `nullValueHash` instead, so NULL differs from the empty string;
/// - a row chains its value hashes in column order with the XXH64 round, starting from `prime5`, and
///   ends with the avalanche of the chain plus its column count: `("ab", "c")` differs from `("a", "bc")`
///   and from `("abc")`, and a row of zero columns is still a row;
/// - `ordered` chains the row hashes with the XXH64 round, then avalanches the chain plus the row count;
/// - `unordered` is the avalanche of the wrapping sum of the row hashes plus the row count times
///   `prime3`. A sum, not an XOR, so two equal rows do not cancel each other out.
///
/// Both are 0 when there were no rows, so "no rows" is recognisable and costs nothing to store.
/// (A non-empty result hashes to 0 with probability 2^-64.)
///
/// Cost per value: one XXH64 of its bytes and one multiply-rotate step; no allocation.
public struct ResultChecksum: Sendable, Equatable {
    /// The word a NULL value contributes to its row, in place of a value's XXH64.
    static let nullValueHash: UInt64 = 0x4E55_4C4C_4E55_4C4C  // "NULLNULL"

    private var rowChain: UInt64 = StableHash.prime5
    private var rowColumns: UInt64 = 0
    private var inRow = false
    private var orderedChain: UInt64 = StableHash.prime5
    private var rowHashSum: UInt64 = 0
    /// Rows added so far.
    public private(set) var rows: UInt64 = 0

    public init() {}

    /// Starts a row; its values follow with `addValue`, then `endRow()`.
    @inline(__always)
    public mutating func beginRow() {
        assert(!inRow, "beginRow() inside a row")
        rowChain = StableHash.prime5
        rowColumns = 0
        inRow = true
    }

    /// Adds the next column's value of the current row, as bytes in the result's format;
    /// nil is SQL NULL (which differs from an empty value).
    @inline(__always)
    public mutating func addValue(_ bytes: UnsafeRawBufferPointer?) {
        assert(inRow, "addValue(_:) outside a row")
        let valueHash = bytes.map { StableHash.hash($0) } ?? Self.nullValueHash
        rowChain = StableHash.round(rowChain, valueHash)
        rowColumns &+= 1
    }

    /// Ends the current row and adds it to both checksums.
    @inline(__always)
    public mutating func endRow() {
        assert(inRow, "endRow() without beginRow()")
        inRow = false
        let rowHash = StableHash.avalanche(rowChain &+ rowColumns)
        orderedChain = StableHash.round(orderedChain, rowHash)
        rowHashSum &+= rowHash
        rows &+= 1
    }

    /// Adds a whole row given as one value (a COPY TO STDOUT line): the same as `beginRow()`,
    /// `addValue(bytes)`, `endRow()`.
    @inline(__always)
    public mutating func addRow(_ bytes: UnsafeRawBufferPointer) {
        beginRow()
        addValue(bytes)
        endRow()
    }

    /// Order-sensitive checksum of the rows ended so far; 0 for no rows.
    public var ordered: UInt64 {
        rows == 0 ? 0 : StableHash.avalanche(orderedChain &+ rows)
    }

    /// Order-insensitive (multiset) checksum of the rows ended so far; 0 for no rows.
    public var unordered: UInt64 {
        rows == 0 ? 0 : StableHash.avalanche(rowHashSum &+ rows &* StableHash.prime3)
    }
}
