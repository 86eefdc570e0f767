import Testing
@testable import Report

@Suite struct TemplateValuesTests {
    struct Inner {
        var name: String
        var note: String?
    }

    struct Outer {
        var title: String
        var count: Int
        var flag: Bool
        var items: [Inner]
        var single: Inner?
        var missing: Inner?
    }

    @Test func structsBecomeDictionariesAndNilsDisappear() throws {
        let value = TemplateValues.of(Outer(title: "t", count: 2, flag: true,
                                            items: [Inner(name: "a", note: "n"), Inner(name: "b", note: nil)],
                                            single: Inner(name: "s", note: nil), missing: nil))
        let outer = try #require(value as? [String: Any])
        #expect(Set(outer.keys) == ["title", "count", "flag", "items", "single"])
        #expect(outer["title"] as? String == "t")
        #expect(outer["count"] as? Int == 2)
        #expect(outer["flag"] as? Bool == true)
        let items = try #require(outer["items"] as? [Any])
        let first = try #require(items.first as? [String: Any])
        let second = try #require(items.last as? [String: Any])
        #expect(first["note"] as? String == "n")
        #expect(Set(second.keys) == ["name"])
        #expect((outer["single"] as? [String: Any])?["name"] as? String == "s")
    }
}
