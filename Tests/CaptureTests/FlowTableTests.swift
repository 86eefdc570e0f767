@testable import Capture
import TestSupport
import Testing

/// The tracker's open-addressing flow table, against `Dictionary` as the model.
@Suite struct FlowTableTests {
    static func key(client: IPAddress, _ clientPort: UInt16, server: IPAddress, _ serverPort: UInt16 = 5432) -> FlowKey {
        FlowKey(client: Endpoint(address: client, port: clientPort), server: Endpoint(address: server, port: serverPort))
    }

    static let server = IPAddress.v4(0x0A00_0002)

    @Test func storesFindsReplacesAndRemoves() {
        var table = FlowTable<Int>(seed: 1)
        let a = Self.key(client: .v4(0x0A00_0001), 40000, server: Self.server)
        let b = Self.key(client: .v4(0x0A00_0001), 40001, server: Self.server)
        #expect(table.isEmpty && table[a] == nil && table.slot(of: a) == nil)
        table[a] = 1
        table[b] = 2
        #expect(table.count == 2 && table[a] == 1 && table[b] == 2)
        table[a] = 10
        #expect(table.count == 2 && table[a] == 10)
        let slot = try! #require(table.slot(of: b))
        table[slot: slot] += 5
        #expect(table[b] == 7)
        #expect(table.remove(slot: slot) == 7)
        #expect(table.count == 1 && table[b] == nil && table[a] == 10)
        table[a] = nil
        #expect(table.isEmpty && table[a] == nil)
    }

    @Test func ipv4AndIPv6KeysWithTheSameWordsStayApart() {
        // 1.2.3.4 and ::102:304 have the same 128-bit value; only the family bits tell them apart.
        var table = FlowTable<String>(seed: 7)
        let v4 = Self.key(client: .v4(0x0102_0304), 40000, server: .v4(0x0506_0708))
        let v6 = Self.key(client: .v6(0, 0x0102_0304), 40000, server: .v6(0, 0x0506_0708))
        let mixed = Self.key(client: .v4(0x0102_0304), 40000, server: .v6(0, 0x0506_0708))
        #expect(v4 != v6 && v4 != mixed && v6 != mixed)
        table[v4] = "v4"
        table[v6] = "v6"
        table[mixed] = "mixed"
        #expect(table.count == 3 && table[v4] == "v4" && table[v6] == "v6" && table[mixed] == "mixed")
        table[v6] = nil
        #expect(table[v4] == "v4" && table[v6] == nil && table[mixed] == "mixed")
    }

    @Test func growsAndKeepsTheLoadAtHalfAtMost() {
        var table = FlowTable<Int>(seed: 3)
        #expect(table.capacity == 32)
        for port in 0..<1000 {
            table[Self.key(client: .v4(0x0A00_0001), UInt16(port), server: Self.server)] = port
            #expect(table.count * 2 <= table.capacity)
        }
        #expect(table.count == 1000 && table.capacity == 2048)
        for port in 0..<1000 {
            #expect(table[Self.key(client: .v4(0x0A00_0001), UInt16(port), server: Self.server)] == port)
        }
    }

    /// Random insertions and removals in a small table (many keys share a home slot, runs wrap
    /// around the end), checked against a `Dictionary` after every step: removal must keep every
    /// other key of a run reachable.
    @Test(arguments: [0, 1, 2, 3] as [UInt64])
    func matchesADictionaryUnderCollisionsAndRemovals(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var table = FlowTable<Int>(seed: random.next())
        var model: [FlowKey: Int] = [:]
        // 24 distinct keys, IPv4 and IPv6 alike, in a table of 32 or 64 slots.
        let keys = (0..<24).map { index -> FlowKey in
            let client: IPAddress = index % 2 == 0 ? .v4(0x0A00_0000 | UInt32(index)) : .v6(0xFE80 << 48, UInt64(index))
            return Self.key(client: client, UInt16(40000 + index), server: index % 2 == 0 ? Self.server : .v6(0, 1))
        }
        for step in 0..<5000 {
            let key = keys[Int(random.next() % UInt64(keys.count))]
            switch random.next() % 3 {
            case 0:
                if let slot = table.slot(of: key) {
                    #expect(table.remove(slot: slot) == model.removeValue(forKey: key))
                } else {
                    #expect(model[key] == nil)
                }
            default:
                table[key] = step
                model[key] = step
            }
            #expect(table.count == model.count)
            for candidate in keys { #expect(table[candidate] == model[candidate]) }
        }
    }

    @Test func removeAllWhereKeepsTheOthers() {
        var table = FlowTable<Int>(seed: 5)
        for port in 0..<100 { table[Self.key(client: .v4(1), UInt16(port), server: Self.server)] = port }
        table.removeAll { $0 % 3 == 0 }
        #expect(table.count == 66)
        for port in 0..<100 {
            #expect(table[Self.key(client: .v4(1), UInt16(port), server: Self.server)] == (port % 3 == 0 ? nil : port))
        }
        #expect(table.removeAll().sorted() == (0..<100).filter { $0 % 3 != 0 })
        #expect(table.isEmpty)
    }
}
