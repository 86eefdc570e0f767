/// Opens a session (one client TCP connection): who connected, to what, with which startup settings.
/// Replay uses it to open a matching connection before the session's first request.
public struct SessionStart: Sendable, Equatable {
    /// Session number, unique within the file; requests and the session end refer to it.
    public var session: UInt32
    /// First packet of the connection seen, in nanoseconds since the Unix epoch.
    public var startedAt: Int64
    /// Client address and port, for example `"127.0.0.1:51234"`.
    public var client: String
    /// Server address and port, for example `"127.0.0.1:5432"`.
    public var server: String
    /// Whether the TCP handshake (SYN) was in the capture.
    public var sawHandshake: Bool
    /// Whether the StartupMessage was in the capture (false for sessions already open when capture began).
    public var sawStartup: Bool
    /// Protocol version from the StartupMessage (196608 for 3.0); nil when the startup was not seen.
    public var protocolVersion: UInt32?
    public var user: String?
    public var database: String?
    public var applicationName: String?
    /// Startup parameters other than user, database and application_name. Never a password.
    public var startupParameters: [StartupParameter]

    public init(
        session: UInt32,
        startedAt: Int64,
        client: String,
        server: String,
        sawHandshake: Bool = false,
        sawStartup: Bool = false,
        protocolVersion: UInt32? = nil,
        user: String? = nil,
        database: String? = nil,
        applicationName: String? = nil,
        startupParameters: [StartupParameter] = []
    ) {
        self.session = session
        self.startedAt = startedAt
        self.client = client
        self.server = server
        self.sawHandshake = sawHandshake
        self.sawStartup = sawStartup
        self.protocolVersion = protocolVersion
        self.user = user
        self.database = database
        self.applicationName = applicationName
        self.startupParameters = startupParameters
    }
}
