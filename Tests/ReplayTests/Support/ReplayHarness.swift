import RunFile
import Capture
import Foundation
import LocalPostgres
import Replay
import TestSupport
import Workload

/// Helpers the replay tests share: import a shared capture, replay a workload against a cluster,
/// read the run file back.
enum ReplayHarness {
    /// Imports pcap files into a workload file in `directory`.
    static func importCapture(_ paths: [String], port: UInt16, into directory: TemporaryDirectory,
                              name: String = "workload.pgw") throws -> String {
        let output = directory.path(name)
        var source = try MergedPacketSource(paths: paths)
        let options = WorkloadRecorder.Options(serverPorts: [port], sources: paths, toolVersion: "test")
        let recorder = try WorkloadRecorder(outputPath: output, options: options)
        try recorder.record(&source)
        _ = try recorder.finish(truncation: [])
        return output
    }

    /// Imports one of the shared captures (server port 56432).
    static func importShared(_ file: String, into directory: TemporaryDirectory) throws -> String {
        try importCapture([SharedCaptureFolder.file(file)], port: 56432, into: directory, name: file + ".pgw")
    }

    /// Replays `workload` against `target` into a run file in `directory`.
    static func replay(_ workload: String, target: String, into directory: TemporaryDirectory, name: String = "run.pgr",
                       configure: (inout ReplayOptions) -> Void = { _ in }) throws -> (summary: ReplaySummary, run: String) {
        let run = directory.path(name)
        var options = ReplayOptions(workloadPath: workload, target: target, output: run)
        options.speed = .max
        options.toolVersion = "test"
        configure(&options)
        let replayer = try Replayer(options: options)
        return (try replayer.run(), run)
    }

    /// Every outcome of a run file, with its header, trailer, statement texts and capture summary.
    static func readRun(_ path: String) throws -> (header: RunHeader, outcomes: [ReplayOutcome], trailer: RunTrailer?,
                                                   statements: [UInt64: String], captureSummaryJSON: String?) {
        let reader = try RunReader(path: path)
        var outcomes: [ReplayOutcome] = []
        while let outcome = try reader.next() { outcomes.append(outcome) }
        return (reader.header, outcomes, reader.trailer, reader.statements, reader.captureSummaryJSON)
    }

    /// The trailer of a workload file (its import summary is in `summaryJSON`).
    static func workloadTrailer(_ path: String) throws -> WorkloadTrailer? {
        let reader = try WorkloadReader(path: path)
        while try reader.next() != nil {}
        return reader.trailer
    }

    /// Every request of a workload file.
    static func requests(_ path: String) throws -> [Request] {
        let reader = try WorkloadReader(path: path)
        var requests: [Request] = []
        while let record = try reader.next() {
            if case .request(let request) = record { requests.append(request) }
        }
        return requests
    }
}
