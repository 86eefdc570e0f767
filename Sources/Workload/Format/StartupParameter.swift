/// One name/value pair of a StartupMessage, kept so replay can open sessions with the same settings.
public struct StartupParameter: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
