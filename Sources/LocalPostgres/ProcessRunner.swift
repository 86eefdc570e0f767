import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program to completion and collects its exit status and output.
///
/// Built on `posix_spawn` + `waitpid` rather than Foundation's `Process`: on Linux,
/// `Process.waitUntilExit()` waits until every process holding an internal socket is gone,
/// and the postmaster that `pg_ctl start` leaves behind inherits it, so starting a server
/// would never return. Here the child gets only standard input, output and error (every
/// other descriptor is closed), so nothing of this process leaks into long-lived servers.
///
/// Output goes to unlinked temporary files rather than pipes: nothing can deadlock on a
/// full pipe, and a daemon left behind cannot keep a pipe open and make a read hang.
enum ProcessRunner {
    static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        input: String? = nil,
        workingDirectory: String? = nil
    ) throws(LocalPostgresError) -> ProcessOutput {
        let command = [executable] + arguments
        let output = try TemporaryFile(for: executable)
        let error = try TemporaryFile(for: executable)
        let standardInput: TemporaryFile?
        if let input {
            let file = try TemporaryFile(for: executable)
            try file.fill(with: input, for: executable)
            standardInput = file
        } else {
            standardInput = nil
        }
        let environmentLines = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }

        let processID = try spawn(
            executable, arguments: command, environment: environmentLines,
            input: standardInput?.descriptor, output: output.descriptor, error: error.descriptor,
            workingDirectory: workingDirectory
        )
        let status = waitForExit(processID)
        return ProcessOutput(
            command: command,
            exitCode: status,
            standardOutput: try output.contents(for: executable),
            standardError: try error.contents(for: executable)
        )
    }

    private static func spawn(
        _ executable: String, arguments: [String], environment: [String],
        input: Int32?, output: Int32, error: Int32, workingDirectory: String?
    ) throws(LocalPostgresError) -> pid_t {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        let nullDevice = open("/dev/null", O_RDONLY)
        defer { if nullDevice >= 0 { close(nullDevice) } }
        posix_spawn_file_actions_adddup2(&actions, input ?? nullDevice, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, error, 2)

        // Default signal dispositions and an empty mask, whatever the test runner set up.
        var allSignals = sigset_t()
        var noSignals = sigset_t()
        sigfillset(&allSignals)
        sigemptyset(&noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var flags = Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)

        #if canImport(Darwin)
        flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        if let workingDirectory { posix_spawn_file_actions_addchdir_np(&actions, workingDirectory) }
        #else
        if let closeFrom = GlibcSpawnExtensions.addCloseFrom { _ = closeFrom(&actions, 3) }
        if let workingDirectory {
            guard let addChdir = GlibcSpawnExtensions.addChdir else {
                throw .launchFailed(executable: executable, reason: "this C library cannot set a child's working directory (glibc 2.29 or newer needed)")
            }
            _ = workingDirectory.withCString { addChdir(&actions, $0) }
        }
        #endif
        posix_spawnattr_setflags(&attributes, Int16(truncatingIfNeeded: flags))

        var processID = pid_t()
        let result = withCStringArray(arguments) { argv in
            withCStringArray(environment) { envp in
                posix_spawn(&processID, executable, &actions, &attributes, argv, envp)
            }
        }
        guard result == 0 else {
            throw .launchFailed(executable: executable, reason: String(cString: strerror(result)))
        }
        return processID
    }

    /// Waits for the child; its exit code, or 128 + the signal number that killed it.
    private static func waitForExit(_ processID: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(processID, &status, 0) < 0 {
            if errno != EINTR { return 255 }
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// Calls `body` with a nil-terminated C array of `strings`; returns its status.
    private static func withCStringArray(
        _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Int32
    ) -> Int32 {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return EINVAL }
            return body(base)
        }
    }
}

#if !canImport(Darwin)
/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+) and `…_addchdir_np` (2.29+)
/// are not visible to Swift without `_GNU_SOURCE`; look them up at run time.
private enum GlibcSpawnExtensions {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32

    static let addCloseFrom: AddCloseFrom? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: AddCloseFrom.self) }
    static let addChdir: AddChdir? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np")
        .map { unsafeBitCast($0, to: AddChdir.self) }
}
#endif

/// An unlinked temporary file: it disappears when closed. Owns its descriptor.
private final class TemporaryFile {
    let descriptor: Int32

    init(for executable: String) throws(LocalPostgresError) {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("pgrehearse-io." + mkdtempSuffix).utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            let descriptor = mkstemp(base)
            if descriptor >= 0 {
                _ = unlink(base)
                _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            }
            return descriptor
        }
        guard descriptor >= 0 else {
            throw .launchFailed(
                executable: executable,
                reason: "cannot create a temporary file in \(NSTemporaryDirectory()): \(errnoDescription())"
            )
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    func fill(with text: String, for executable: String) throws(LocalPostgresError) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                throw .launchFailed(executable: executable, reason: "cannot buffer its input: \(errnoDescription())")
            }
            offset += written
        }
        _ = lseek(descriptor, 0, SEEK_SET)
    }

    func contents(for executable: String) throws(LocalPostgresError) -> String {
        _ = lseek(descriptor, 0, SEEK_SET)
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else {
                throw .launchFailed(executable: executable, reason: "cannot read its output: \(errnoDescription())")
            }
            if count == 0 { break }
            data.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: data, as: UTF8.self)
    }
}

func errnoDescription() -> String {
    String(cString: strerror(errno))
}

/// The six placeholder characters mkdtemp(3) replaces with a unique name.
let mkdtempSuffix = String(repeating: "X", count: 6)
