import PGWire

/// Prepared statements or portals by name, as the server keeps them for one session, looked up by the
/// name's bytes as they arrive in a message.
///
/// The unnamed one ("") is by far the most used (unnamed portals on every Execute, unnamed statements in
/// extended mode), so it lives in its own field. A session rarely names more than a handful: those are
/// found by comparing bytes, the most recently used first, and only a session with many names pays
/// for a hash table. Values are updated in place, so their buffers are reused.
struct NamedSlots<Value> {
    private var unnamed: Value?
    private var names: [[UInt8]] = []
    private var values: [Value] = []
    /// Positions by name, built once there are more names than a linear search should compare.
    private var positions: [[UInt8]: Int] = [:]
    private var lastFound = 0

    private static var linearSearchLimit: Int { 16 }

    /// Lends the value called `name`, if there is one, to `body` (without copying it).
    mutating func withValue(_ name: BorrowedBytes, _ body: (borrowing Value) -> Void) {
        if name.isEmpty {
            if let unnamed { body(unnamed) }
        } else if let position = find(name) {
            body(values[position])
        }
    }

    /// Changes the value called `name` in place, creating it with `makeNew` first when there is none.
    mutating func upsert(_ name: BorrowedBytes, makeNew: () -> Value, _ change: (inout Value) -> Void) {
        if name.isEmpty {
            if unnamed == nil { unnamed = makeNew() }
            change(&unnamed!)
            return
        }
        if let position = find(name) {
            change(&values[position])
            return
        }
        let key = name.array
        names.append(key)
        values.append(makeNew())
        if !positions.isEmpty || names.count > Self.linearSearchLimit {
            if positions.isEmpty {
                for (position, existing) in names.enumerated() { positions[existing] = position }
            } else {
                positions[key] = names.count - 1
            }
        }
        lastFound = names.count - 1
        change(&values[names.count - 1])
    }

    /// Applies `change` to the value called `name` in place, if there is one.
    mutating func update(_ name: BorrowedBytes, _ change: (inout Value) -> Void) {
        if name.isEmpty {
            if unnamed != nil { change(&unnamed!) }
        } else if let position = find(name) {
            change(&values[position])
        }
    }

    /// Forgets the value called `name` (Close).
    mutating func remove(_ name: BorrowedBytes) {
        if name.isEmpty {
            unnamed = nil
            return
        }
        guard let position = find(name) else { return }
        let last = names.count - 1
        if !positions.isEmpty {
            positions[names[position]] = nil
            if position != last { positions[names[last]] = position }
        }
        names.swapAt(position, last)
        values.swapAt(position, last)
        names.removeLast()
        values.removeLast()
        lastFound = 0
    }

    private mutating func find(_ name: BorrowedBytes) -> Int? {
        if lastFound < names.count, names[lastFound].withUnsafeBytes({ name.elementsEqual($0) }) {
            return lastFound
        }
        let found: Int?
        if positions.isEmpty {
            found = names.firstIndex { candidate in candidate.withUnsafeBytes { name.elementsEqual($0) } }
        } else {
            found = positions[name.array]
        }
        if let found { lastFound = found }
        return found
    }
}
