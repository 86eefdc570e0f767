/// The first untyped packet of a session: protocol version and connection parameters.
///
/// Parameters are kept in wire order because they describe the session to replay
/// (user, database, application_name, options, replication, `_pq_.` protocol options, ...).
public struct StartupMessage: Sendable, Equatable {
    public var protocolMajor: Int16
    public var protocolMinor: Int16
    public var parameters: [(name: String, value: String)]

    public init(protocolMajor: Int16, protocolMinor: Int16, parameters: [(name: String, value: String)]) {
        self.protocolMajor = protocolMajor
        self.protocolMinor = protocolMinor
        self.parameters = parameters
    }

    /// The value of the first parameter called `name`, if the client sent it.
    public func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    public var user: String? { parameter("user") }
    /// The database; PostgreSQL defaults it to the user name when absent.
    public var database: String? { parameter("database") }
    public var applicationName: String? { parameter("application_name") }

    public static func == (lhs: StartupMessage, rhs: StartupMessage) -> Bool {
        lhs.protocolMajor == rhs.protocolMajor && lhs.protocolMinor == rhs.protocolMinor
            && lhs.parameters.elementsEqual(rhs.parameters) { $0.name == $1.name && $0.value == $1.value }
    }

    /// An owned copy of a borrowed startup message.
    public init(_ message: BorrowedStartupMessage) {
        var parameters: [(name: String, value: String)] = []
        var strings = message.parameterStrings.makeIterator()
        while let name = strings.next(), let value = strings.next() {
            parameters.append((name.string, value.string))
        }
        self.init(protocolMajor: message.protocolMajor, protocolMinor: message.protocolMinor, parameters: parameters)
    }
}
