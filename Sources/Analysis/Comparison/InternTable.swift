/// Dense numbering of distinct values (fingerprints, command-tag lists, errors) shared by the compared
/// runs, so per-request work compares and indexes small integers instead of hashing values again.
struct InternTable<Value: Hashable & Sendable>: Sendable {
    private(set) var values: [Value] = []
    private var indexes: [Value: UInt32] = [:]

    init() {}

    /// Starts the table with `first` at index 0 (a "none" entry).
    init(reserving first: Value) {
        _ = index(of: first)
    }

    /// The index of `value`, numbering it if it is new.
    mutating func index(of value: Value) -> UInt32 {
        if let index = indexes[value] { return index }
        let index = UInt32(values.count)
        values.append(value)
        indexes[value] = index
        return index
    }

    var count: Int { values.count }

    subscript(index: UInt32) -> Value { values[Int(index)] }
}

/// An error as comparison sees it: its SQLSTATE and message.
struct ErrorKey: Hashable, Sendable {
    var sqlState: String
    var message: String
}

/// The intern tables of one comparison, shared by its runs so that indexes compare across runs.
struct ComparisonTables: Sendable {
    /// Index 0 is fingerprint 0: a statement that did not parse.
    var fingerprints = InternTable<UInt64>(reserving: 0)
    var tagLists = InternTable<[String]>(reserving: [])
    /// Index 0 is "no error".
    var errors = InternTable<ErrorKey>(reserving: ErrorKey(sqlState: "", message: ""))
}
