/// A hash table from a connection's `FlowKey` to its state, built for one lookup per TCP segment.
///
/// `Dictionary` SipHashes all five words of the key on every lookup; this table mixes them with
/// two multiplications instead (seeded per table, so a capture cannot be crafted against a fixed
/// function) and probes linearly, which for the handful of flows a capture holds at a time means
/// one hash and one key comparison per segment. Deletion shifts the following entries back, so
/// there are no tombstones and a long capture with many short connections never degrades.
///
/// Slots are exposed so that a lookup can be followed by in-place mutation or removal without
/// hashing again; a slot is valid until the next insertion or removal.
struct FlowTable<Value> {
    private var keys: [FlowKey?]
    private var values: [Value?]
    /// `keys.count - 1`; the capacity is a power of two.
    private var mask: Int
    /// `64 - log2(capacity)`: the hash's top bits pick the home slot (Fibonacci hashing).
    private var shift: UInt64
    private let seed: UInt64
    /// Entries stored.
    private(set) var count = 0

    /// Creates an empty table with room for `minimumCapacity` entries; `seed` is random unless given (tests fix it).
    init(minimumCapacity: Int = 16, seed: UInt64 = .random(in: .min ... .max)) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity *= 2 }
        keys = Array(repeating: nil, count: capacity)
        values = Array(repeating: nil, count: capacity)
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        self.seed = seed
    }

    var isEmpty: Bool { count == 0 }

    /// Slots in the table: a power of two, at least twice the entries (and the minimum capacity).
    var capacity: Int { keys.count }

    /// The slot holding `key`, or nil.
    @inline(__always)
    func slot(of key: FlowKey) -> Int? {
        var slot = homeSlot(of: key)
        while let stored = keys[slot] {
            if stored == key { return slot }
            slot = (slot &+ 1) & mask
        }
        return nil
    }

    /// The value in an occupied slot (from `slot(of:)`), readable and mutable in place.
    subscript(slot slot: Int) -> Value {
        @inline(__always) get { values[slot]! }
        @inline(__always) _modify { yield &values[slot]! }
    }

    /// The value stored for `key`; assigning nil removes it.
    subscript(key: FlowKey) -> Value? {
        get { slot(of: key).map { values[$0]! } }
        set {
            if let slot = slot(of: key) {
                if let newValue { values[slot] = newValue } else { remove(slot: slot) }
            } else if let newValue {
                insertNew(newValue, for: key)
            }
        }
    }

    /// Stores `value` for a key that is not in the table yet; returns its slot.
    @discardableResult
    mutating func insertNew(_ value: Value, for key: FlowKey) -> Int {
        if (count + 1) * 2 > keys.count { grow() }
        var slot = homeSlot(of: key)
        while keys[slot] != nil { slot = (slot &+ 1) & mask }
        keys[slot] = key
        values[slot] = value
        count += 1
        return slot
    }

    /// Removes the entry in an occupied slot and returns its value.
    @discardableResult
    mutating func remove(slot: Int) -> Value {
        let removed = values[slot]!
        keys[slot] = nil
        values[slot] = nil
        count -= 1
        // Backward-shift deletion: move up each later entry of the run whose home slot lies
        // cyclically at or before the hole, so every entry stays reachable from its home slot.
        var hole = slot
        var next = (slot &+ 1) & mask
        while let key = keys[next] {
            let home = homeSlot(of: key)
            if (next &- home) & mask >= (next &- hole) & mask {
                keys[hole] = key
                values[hole] = values[next]
                keys[next] = nil
                values[next] = nil
                hole = next
            }
            next = (next &+ 1) & mask
        }
        return removed
    }

    /// Removes every entry and returns the values, in no particular order.
    mutating func removeAll() -> [Value] {
        let all = values.compactMap { $0 }
        self = FlowTable(seed: seed)
        return all
    }

    /// Removes the entries for which `shouldRemove` is true.
    mutating func removeAll(where shouldRemove: (Value) -> Bool) {
        let kept = zip(keys, values).compactMap { key, value -> (FlowKey, Value)? in
            guard let key, let value, !shouldRemove(value) else { return nil }
            return (key, value)
        }
        self = FlowTable(minimumCapacity: kept.count, seed: seed)
        for (key, value) in kept { insertNew(value, for: key) }
    }

    // MARK: - Private

    /// Two independent multiplications (short latency on the per-segment path) whose top bits
    /// depend on every bit of the key: for IPv4 the two words hold both addresses and both ports
    /// exactly, for IPv6 the address halves are folded in by rotation.
    @inline(__always)
    private func homeSlot(of key: FlowKey) -> Int {
        let addresses = key.clientLow ^ (key.serverLow &<< 32 | key.serverLow &>> 32) ^ seed
        // The seed enters both products, so neither half of the key collides independently of it.
        let rest = key.portsAndFamily ^ key.clientHigh ^ (key.serverHigh &<< 32 | key.serverHigh &>> 32) ^ ~seed
        let hash = addresses &* 0x9E37_79B9_7F4A_7C15 ^ rest &* 0xC2B2_AE3D_27D4_EB4F
        return Int(truncatingIfNeeded: hash >> shift)
    }

    private mutating func grow() {
        let entries = zip(keys, values).compactMap { key, value in key.map { ($0, value!) } }
        self = FlowTable(minimumCapacity: keys.count, seed: seed)
        for (key, value) in entries { insertNew(value, for: key) }
    }
}
