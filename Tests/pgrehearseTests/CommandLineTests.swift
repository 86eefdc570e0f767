import Foundation
import Testing
import TestSupport

/// The `pgrehearse` executable as a user and a CI job meet it: output contracts and exit statuses.
@Suite struct CommandLineTests {
    struct Run {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The built executable, beside the test bundle in the build folder.
    static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("pgrehearse").path
    }

    static func run(_ arguments: [String]) throws -> Run {
        try run(executable: executable, arguments)
    }

    /// Runs any program to its end and collects what it printed.
    static func run(executable: String, _ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus,
                   standardOutput: String(decoding: outputData, as: UTF8.self),
                   standardError: String(decoding: errorData, as: UTF8.self))
    }

    @Test func importJSONCarriesEveryContractedKey() throws {
        let directory = try TemporaryDirectory()
        let output = directory.path("w.pgw")
        let run = try Self.run(["import", SharedCaptureFolder.file("pgbench_prepared.pcap"), "--port", "56432",
                                "-o", output, "--json"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        for key in ["sessions", "sessions_with_startup", "encrypted_sessions", "frontend", "backend", "queries",
                    "errors", "error_sqlstates", "gap_bytes", "truncated"] {
            #expect(object[key] != nil, "missing key \(key)")
        }
        #expect(object["sessions"] as? Int == 5)
        #expect(object["queries"] as? Int == 14_005)
        #expect((object["frontend"] as? [String: Int])?["P"] == 28)
        #expect((object["backend"] as? [String: Int])?["Z"] == 14_038)
        #expect(object["truncated"] as? Bool == false)
        let attributes = try FileManager.default.attributesOfItem(atPath: output)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func truncatedInputExitsTwoAndKeepsTheWorkload() throws {
        let directory = try TemporaryDirectory()
        let output = directory.path("cut.pgw")
        let run = try Self.run(["import", SharedCaptureFolder.file("truncated.pcap"), "--port", "56432", "-o", output, "--json"])
        #expect(run.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(object["truncated"] as? Bool == true)
        let inspect = try Self.run(["inspect", output, "--json"])
        #expect(inspect.status == 0)
        #expect(inspect.standardOutput.contains("\"requests\":5589"))
    }

    @Test func badInputGetsOneLineAndExitsOne() throws {
        let directory = try TemporaryDirectory()
        let text = directory.path("notes.txt")
        try "not a capture\n".write(toFile: text, atomically: true, encoding: .utf8)
        let run = try Self.run(["import", text, "-o", directory.path("x.pgw")])
        #expect(run.status == 1)
        #expect(run.standardError.split(separator: "\n").count == 1)
        #expect(run.standardError.contains("notes.txt"))
        let inspect = try Self.run(["inspect", SharedCaptureFolder.file("midstream.pcap")])
        #expect(inspect.status == 1)
        #expect(inspect.standardError.contains("looks like a pcap"))
    }

    @Test func wrongPortSaysWhichPortCarriesTraffic() throws {
        let directory = try TemporaryDirectory()
        let run = try Self.run(["import", SharedCaptureFolder.file("midstream.pcap"), "-o", directory.path("x.pgw")])
        #expect(run.status == 2)
        #expect(run.standardOutput.contains("try --port 56432"))
    }

    /// A typo in -o must not cost the capture (or the workload): an output that is one of the inputs,
    /// under any path to it, is refused with one line, and the input stays as it was.
    @Test func anOutputOverAnInputIsRefused() throws {
        let directory = try TemporaryDirectory()
        let capture = directory.path("capture.pcap")
        try FileManager.default.copyItem(atPath: SharedCaptureFolder.file("midstream.pcap"), toPath: capture)
        let original = try Data(contentsOf: URL(fileURLWithPath: capture))
        let link = directory.path("same.pcap")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: capture)
        for output in [capture, link] {
            let run = try Self.run(["import", capture, "--port", "56432", "-o", output])
            #expect(run.status == 1)
            #expect(run.standardError.split(separator: "\n").count == 1)
            #expect(run.standardError.contains("refusing to write the workload over"), "\(run.standardError)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: capture)) == original)

        let workload = directory.path("w.pgw")
        #expect(try Self.run(["import", capture, "--port", "56432", "-o", workload]).status == 0)
        let written = try Data(contentsOf: URL(fileURLWithPath: workload))
        let replay = try Self.run(["replay", workload, "--target", "host=/nonexistent-\(UUID().uuidString)", "-o", workload])
        #expect(replay.status == 1)
        #expect(replay.standardError.split(separator: "\n").count == 1)
        #expect(replay.standardError.contains("refusing to write the run file over the workload"), "\(replay.standardError)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: workload)) == written)

        let capture2 = try Self.run(["capture", "-i", "lo", "-o", directory.path("live.pgw"), "--pcap-out", directory.path("./live.pgw")])
        #expect(capture2.status == 64)
        #expect(capture2.standardError.contains("--pcap-out and -o name the same file"))
    }

    @Test func inspectExportsOneJSONObjectPerRequest() throws {
        let directory = try TemporaryDirectory()
        let output = directory.path("m.pgw")
        _ = try Self.run(["import", SharedCaptureFolder.file("midstream.pcap"), "--port", "56432", "-o", output])
        let run = try Self.run(["inspect", output, "--jsonl"])
        #expect(run.status == 0)
        let lines = run.standardOutput.split(separator: "\n")
        #expect(lines.count == 129)  // 8 Query + 121 Execute (its one Parse is unnamed, so no prepare request)
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any])
        }
    }
}
