import Foundation

/// Headless Chromium, to check that a report really renders: the DOM after its script ran, and a screenshot.
enum Chromium {
    static let path = "/usr/bin/chromium"

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: path) }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The serialized DOM of `url` once loaded and its scripts ran.
    static func dumpDOM(_ url: String, profile: URL) throws -> String {
        let output = profile.appendingPathComponent("dom-\(UUID().uuidString).html")
        try run(arguments: ["--dump-dom", url], profile: profile, stdout: output)
        return String(decoding: try Data(contentsOf: output), as: UTF8.self)
    }

    /// A PNG screenshot of `url` at 1280 × `height`.
    static func screenshot(_ url: String, to path: String, height: Int = 2000, profile: URL) throws {
        try? FileManager.default.removeItem(atPath: path)
        try run(arguments: ["--window-size=1280,\(height)", "--screenshot=\(path)", url], profile: profile, stdout: nil)
        guard FileManager.default.fileExists(atPath: path) else { throw Failure(description: "no screenshot at \(path)") }
    }

    /// Runs Chromium headless with its own profile directory, killing it after `timeout` seconds. Its
    /// stderr (dbus and GPU noise in containers) is discarded.
    private static func run(arguments: [String], profile: URL, stdout: URL?, timeout: TimeInterval = 60) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-extensions", "--hide-scrollbars", "--window-size=1280,2000", "--virtual-time-budget=5000",
            "--user-data-dir=\(profile.appendingPathComponent("profile").path)",
        ] + arguments
        var handle: FileHandle?
        if let stdout {
            guard FileManager.default.createFile(atPath: stdout.path, contents: nil) else {
                throw Failure(description: "cannot create \(stdout.path)")
            }
            handle = try FileHandle(forWritingTo: stdout)
            process.standardOutput = handle
        } else {
            process.standardOutput = FileHandle.nullDevice
        }
        process.standardError = FileHandle.nullDevice
        defer { try? handle?.close() }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw Failure(description: "chromium did not finish within \(Int(timeout)) s")
        }
        guard process.terminationStatus == 0 else {
            throw Failure(description: "chromium exited with status \(process.terminationStatus)")
        }
    }
}
