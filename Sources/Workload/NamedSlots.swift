/// Prepared statements or portals by name, as the server keeps them for one session.
///
/// The unnamed one ("") is by far the most used (unnamed portals on every Execute, unnamed statements in
/// extended mode), so it lives in its own field and costs no hashing.
struct NamedSlots<Value> {
    private var unnamed: Value?
    private var named: [String: Value] = [:]

    subscript(name: String) -> Value? {
        get { name.isEmpty ? unnamed : named[name] }
        set {
            if name.isEmpty {
                unnamed = newValue
            } else {
                named[name] = newValue
            }
        }
    }

    /// Applies `change` to the value in place, if there is one.
    mutating func update(_ name: String, _ change: (inout Value) -> Void) {
        if name.isEmpty {
            if unnamed != nil { change(&unnamed!) }
        } else if named[name] != nil {
            change(&named[name]!)
        }
    }
}
