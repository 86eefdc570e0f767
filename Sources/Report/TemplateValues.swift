/// The page's context as the template engine reads it fastest: structs turned into `[String: Any]`
/// dictionaries once, recursively, instead of being reflected again at every `{{lookup}}` (the engine
/// mirrors a struct for each of its variables, which for 500 table rows of 40 cells adds up).
enum TemplateValues {
    /// `value` with every struct (at any depth, in arrays too) as a dictionary of its stored properties;
    /// nil properties are left out, so the template sees them as missing.
    static func of(_ value: Any) -> Any {
        switch value {
        case is String, is Int, is Bool, is Double:
            return value
        case let array as [Any]:
            return array.map(of)
        default:
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .struct?:
                var dictionary: [String: Any] = [:]
                for child in mirror.children {
                    guard let label = child.label, let unwrapped = unwrap(child.value) else { continue }
                    dictionary[label] = of(unwrapped)
                }
                return dictionary
            case .optional?:
                return unwrap(value).map(of) ?? value
            default:
                return value
            }
        }
    }

    /// The value inside an Optional, nil for `.none`; any other value unchanged.
    private static func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}
