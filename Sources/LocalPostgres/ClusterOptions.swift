/// How a `ThrowawayCluster` is set up.
public struct ClusterOptions: Sendable {
    /// When set, TCP connections must authenticate with SCRAM-SHA-256 using this password
    /// for the `postgres` superuser (Unix-socket connections stay `trust`); when `nil`,
    /// every connection is trusted.
    public var superuserPassword: String?
    /// Generate a self-signed certificate for `localhost` and turn on `ssl`, so clients can
    /// connect with `sslmode=require` (for example to check that TLS traffic is recognized).
    public var ssl: Bool
    /// Also listen on `::1`.
    public var ipv6: Bool
    /// Preload `pg_stat_statements` (then `CREATE EXTENSION pg_stat_statements` works).
    public var statStatements: Bool
    /// Extra postgresql.conf settings, applied after the built-in ones (so they win).
    public var settings: [String: String]
    /// Where the cluster's scratch directory is created; `nil` means `$TMPDIR` (or `/tmp`
    /// when running as root, because the `postgres` user must be able to enter it).
    public var parentDirectory: String?
    /// How many ports to try when another process grabs the chosen one first.
    public var startAttempts: Int

    public init(
        superuserPassword: String? = nil,
        ssl: Bool = false,
        ipv6: Bool = false,
        statStatements: Bool = false,
        settings: [String: String] = [:],
        parentDirectory: String? = nil,
        startAttempts: Int = 5
    ) {
        self.superuserPassword = superuserPassword
        self.ssl = ssl
        self.ipv6 = ipv6
        self.statStatements = statStatements
        self.settings = settings
        self.parentDirectory = parentDirectory
        self.startAttempts = startAttempts
    }
}
