/// A test precondition that did not hold (a client program failed, a pattern was not in a capture).
public struct LiveTestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
