import Foundation
import LiveTestSupport
import LocalPostgres
import Testing
@testable import Workload

extension LiveWorkloadTests {
    /// What a capture of authenticated and encrypted connections keeps, and what it must never keep.
    @Suite struct AuthenticationLive {
        @Test func scramSecretsReachNoOutput() throws {
            try SharedClusters.with(.scram) { cluster in
                let run = try LiveCaptureRun.record(port: cluster.port, keepingPcap: true) {
                    let output = try cluster.run("psql", ["-X", "-At", "-c", "SELECT 1"],
                                                 environment: ["PGPASSWORD": ClusterKind.scramPassword]).check()
                    #expect(output.standardOutput == "1\n")
                }
                let summary = run.summary
                // AuthenticationSASL (10), SASLContinue (11), SASLFinal (12), AuthenticationOk (0).
                #expect(summary.backend["R"] == 4)
                // SASLInitialResponse and SASLResponse.
                #expect(summary.frontend["p"] == 2)
                #expect(summary.sessions == 1)
                #expect(summary.sessionsWithStartup == 1)
                #expect(summary.queries == 1)
                #expect(summary.errors == 0)
                #expect(summary.decodeErrors.isEmpty)
                #expect(run.requests.map(\.text) == ["SELECT 1"])
                #expect(run.requests.map(\.outcome.commandTags) == [["SELECT 1"]])

                let pcap = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try #require(run.pcapPath))))
                let secrets = try ScramSecrets.find(in: pcap)
                let report = try InspectReport.make(path: run.workloadPath)
                var exportLines: [String] = []
                try RequestExport.exportLines(path: run.workloadPath) { exportLines.append($0) }
                #expect(exportLines.count == 1)
                let outputs: [(String, [UInt8])] = [
                    ("workload file", try [UInt8](Data(contentsOf: URL(fileURLWithPath: run.workloadPath)))),
                    ("--json summary", Array(try summary.jsonText().utf8)),
                    ("summary text", Array(summary.text(output: run.workloadPath).utf8)),
                    ("inspect --json", Array(try JSONText.encode(report).utf8)),
                    ("inspect text", Array(report.text.utf8)),
                    ("inspect --jsonl", Array(exportLines.joined(separator: "\n").utf8)),
                ]
                for secret in secrets.all + [ClusterKind.scramPassword] {
                    // The secret really crossed the wire (the password never does: SCRAM does not send it).
                    #expect(pcap.containsBytes(secret.utf8) == (secret != ClusterKind.scramPassword))
                    for (name, bytes) in outputs {
                        #expect(!bytes.containsBytes(secret.utf8), "\(name) leaks \(secret)")
                    }
                }
            }
        }

        @Test func tlsSessionIsCountedButNotDecoded() throws {
            try SharedClusters.with(.tls) { cluster in
                let run = try LiveCaptureRun.record(port: cluster.port) {
                    let output = try cluster.run("psql", [
                        "-X", "-At", "-c", "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                        "sslmode=require dbname=postgres",
                    ]).check()
                    #expect(output.standardOutput == "t\n")
                }
                let summary = run.summary
                #expect(summary.sessions == 1)
                #expect(summary.encryptedSessions == 1)
                #expect(summary.sslAnswers == ["SSLResponse:S": 1])
                #expect(summary.frontend == ["SSLRequest": 1])
                #expect(summary.backend.isEmpty)
                #expect(summary.queries == 0)
                #expect(summary.requests == 0)
                #expect(summary.decodeErrors.isEmpty)
                #expect(summary.gapBytes == 0)
                #expect(run.requests.isEmpty)
                #expect(run.sessionEnds.map(\.encrypted) == [true])
                #expect(run.sessionEnds.map(\.decodeError) == [nil])
            }
        }
    }
}
