import Foundation
import LocalPostgres
import Testing
import TestSupport

/// `pgrehearse replay` and `merge` as a user and a CI job meet them: the `--json` contract, exit
/// statuses, one-line errors, Ctrl-C.
@Suite(.serialized) struct ReplayCommandTests {
    static func importWorkload(_ file: String, into directory: TemporaryDirectory) throws -> String {
        let output = directory.path(file + ".pgw")
        let run = try CommandLineTests.run(["import", SharedCaptureFolder.file(file), "--port", "56432", "-o", output])
        #expect(run.status == 0)
        return output
    }

    @Test func jsonCarriesEveryContractedKeyAndMergeJoinsShards() throws {
        let cluster = try ThrowawayCluster.start()
        defer { cluster.stop() }
        try cluster.createPgbenchDatabase("bench")
        let directory = try TemporaryDirectory()
        let workload = try Self.importWorkload("pgbench_prepared.pcap", into: directory)
        var runs: [String] = []
        for shard in ["1/2", "2/2"] {
            let output = directory.path("run-\(shard.prefix(1)).pgr")
            let run = try CommandLineTests.run(["replay", workload, "--target", cluster.connectionString(database: "bench"),
                                                "-o", output, "--speed", "max", "--shard", shard, "--json"])
            #expect(run.status == 0, "\(run.standardError)")
            #expect(run.standardError.isEmpty, "no progress line when stderr is not a terminal")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
            for key in ["sessions", "requests", "skipped", "errors", "error_sqlstates", "outcome_mismatches", "duration_s",
                        "requests_per_s", "send_lag_p99_ms"] {
                #expect(object[key] != nil, "missing key \(key)")
            }
            #expect(object["errors"] as? Int == 0)
            #expect(object["outcome_mismatches"] as? Int == 0)
            runs.append(output)
        }
        let merged = directory.path("merged.pgr")
        let merge = try CommandLineTests.run(["merge"] + runs + ["-o", merged])
        #expect(merge.status == 0, "\(merge.standardError)")
        #expect(merge.standardOutput.contains("14033 outcomes"))
        // inspect reads run files too: every outcome as a JSON line, and the stored summary.
        let lines = try CommandLineTests.run(["inspect", merged, "--jsonl"])
        #expect(lines.status == 0)
        let objects = try lines.standardOutput.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 14033)
        #expect(objects.allSatisfy { ($0["status"] as? String) == "executed" && ($0["production_mismatch"] as? [String]) == [] })
        #expect(objects.allSatisfy { ($0["latency_ms"] as? Double).map { $0 >= 0 } == true })
        let summary = try CommandLineTests.run(["inspect", runs[0], "--json"])
        #expect(summary.status == 0)
        #expect(summary.standardOutput.contains("\"outcome_mismatches\":0"))

        let again = try CommandLineTests.run(["merge", runs[0], runs[0], "-o", directory.path("twice.pgr")])
        #expect(again.status == 1)
        #expect(again.standardError.split(separator: "\n").count == 1)
    }

    /// On a terminal, a progress line (done/total, rate, errors, lag, ETA) redraws itself on stderr.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a terminal"))
    func aTerminalGetsAProgressLine() throws {
        let cluster = try ThrowawayCluster.start()
        defer { cluster.stop() }
        try cluster.createPgbenchDatabase("bench")
        let directory = try TemporaryDirectory()
        let workload = try Self.importWorkload("pgbench_prepared.pcap", into: directory)
        // At a quarter of the original speed the replay lasts about 3 s: long enough for two redraws.
        let command = [CommandLineTests.executable, "replay", workload, "--target",
                       "'\(cluster.connectionString(database: "bench"))'", "-o", directory.path("tty.pgr"),
                       "--speed", "0.25"].joined(separator: " ")
        let run = try CommandLineTests.run(executable: "/usr/bin/script",
                                           ["-qec", command, directory.path("typescript")])
        #expect(run.status == 0, "\(run.standardOutput)")
        let screen = run.standardOutput
        #expect(screen.contains("requests ("))
        #expect(screen.contains("/14033 requests"))
        #expect(screen.contains("ETA"))
        #expect(screen.contains(" ms (own "), "\(screen)")
        #expect(screen.contains("replayed 14033 requests"))
    }

    @Test func badTargetsAndBadInputAreOneLineAndExitOne() throws {
        let directory = try TemporaryDirectory()
        let workload = try Self.importWorkload("pgbench_select_only.pcap", into: directory)
        let cases: [[String]] = [
            ["replay", workload, "--target", "host=127.0.0.1 port=1", "-o", directory.path("a.pgr")],
            ["replay", workload, "--target", "host=127.0.0.1 nonsense", "-o", directory.path("b.pgr")],
            ["replay", SharedCaptureFolder.file("pgbench_select_only.pcap"), "--target", "host=127.0.0.1 port=1",
             "-o", directory.path("c.pgr")],
            ["replay", directory.path("missing.pgw"), "--target", "host=127.0.0.1 port=1", "-o", directory.path("d.pgr")],
        ]
        for arguments in cases {
            let run = try CommandLineTests.run(arguments)
            #expect(run.status == 1, "\(arguments)")
            let lines = run.standardError.split(separator: "\n")
            #expect(lines.count == 1, "\(run.standardError)")
            #expect(lines.first?.hasPrefix("pgrehearse: ") == true)
        }
        let speed = try CommandLineTests.run(["replay", workload, "--target", "x", "-o", "y", "--speed", "0"])
        #expect(speed.status != 0)
    }

    /// SIGINT stops the replay: exit 130, and a run file that is complete up to the stop and says so.
    @Test func ctrlCLeavesAValidPartialRunFile() throws {
        let cluster = try ThrowawayCluster.start()
        defer { cluster.stop() }
        try cluster.createPgbenchDatabase("bench")
        let directory = try TemporaryDirectory()
        let workload = try Self.importWorkload("pgbench_simple.pcap", into: directory)
        let output = directory.path("interrupted.pgr")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.executable)
        // A tenth of the original speed: the replay lasts several seconds.
        process.arguments = ["replay", workload, "--target", cluster.connectionString(database: "bench"), "-o", output,
                             "--speed", "0.1", "--json"]
        let standardOutput = Pipe()
        process.standardOutput = standardOutput
        process.standardError = Pipe()
        try process.run()
        Thread.sleep(forTimeInterval: 2)
        process.interrupt()
        let data = standardOutput.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["interrupted"] as? Bool == true)
        let requests = try #require(object["requests"] as? Int)
        #expect(requests > 0 && requests < 14005)
        // The run file is whole: merge reads it to the end and finds its trailer.
        let merge = try CommandLineTests.run(["merge", output, "-o", directory.path("copy.pgr")])
        #expect(merge.status == 0, "\(merge.standardError)")
        #expect(!merge.standardOutput.contains("cut short"))
    }
}
