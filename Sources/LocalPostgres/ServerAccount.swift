#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The account that runs initdb, pg_ctl and the server: the current user, or — because
/// initdb and postgres refuse to run as root — the `postgres` user via `runuser`.
struct ServerAccount: Sendable {
    static let postgresUserName = "postgres"
    static let runuserLocations = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"]

    /// `runuser` when switching to `postgres`, `nil` when running as the current user.
    let runuser: String?
    let userID: uid_t
    let groupID: gid_t

    var switchesUser: Bool { runuser != nil }

    static func forCurrentProcess() throws(LocalPostgresError) -> ServerAccount {
        guard geteuid() == 0 else {
            return ServerAccount(runuser: nil, userID: geteuid(), groupID: getegid())
        }
        guard let ids = lookUpUser(postgresUserName) else { throw .postgresUserMissing }
        guard let runuser = runuserLocations.first(where: { access($0, X_OK) == 0 }) else {
            throw .runuserMissing(searched: runuserLocations)
        }
        return ServerAccount(runuser: runuser, userID: ids.user, groupID: ids.group)
    }

    /// The executable and arguments that run `program` as this account.
    func command(_ program: String, _ arguments: [String]) -> (executable: String, arguments: [String]) {
        guard let runuser else { return (program, arguments) }
        return (runuser, ["-u", Self.postgresUserName, "--", program] + arguments)
    }

    /// Makes `path` owned by this account (a no-op when not switching users).
    func takeOwnership(of path: String) throws(LocalPostgresError) {
        guard switchesUser else { return }
        guard chown(path, userID, groupID) == 0 else {
            throw .directoryFailed(path: path, reason: "chown to \(Self.postgresUserName) failed: \(errnoDescription())")
        }
    }

    /// `getpwnam_r`, which unlike `getpwnam` is safe when several clusters start at once.
    private static func lookUpUser(_ name: String) -> (user: uid_t, group: gid_t)? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        let status = buffer.withUnsafeMutableBufferPointer { storage -> Int32 in
            guard let base = storage.baseAddress else { return -1 }
            return getpwnam_r(name, &entry, base, storage.count, &result)
        }
        guard status == 0, result != nil else { return nil }
        return (entry.pw_uid, entry.pw_gid)
    }
}
