import RunFile
import Synchronization
import Capture
import Foundation
import LiveTestSupport
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

    /// Runs `body` on a thread and waits at most `seconds`: a hang fails the test instead of the whole run.
    static func withDeadline<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () throws -> T) throws -> T {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            let value = Result { try body() }
            result.withLock { $0 = value }
            done.signal()
        }.start()
        guard done.wait(timeout: .now() + seconds) == .success else {
            throw LiveTestFailure("still running after \(seconds) s: the replay hangs")
        }
        return try result.withLock { $0! }.get()
    }

    /// Runs `replayer`, asking it to stop (as Ctrl-C does) after `seconds`; fails the test when the replay
    /// is still running `deadline` seconds later.
    static func runStopped(_ replayer: Replayer, after seconds: Double, deadline: Double) throws -> ReplaySummary {
        let shared = replayer.shared
        Thread {
            Thread.sleep(forTimeInterval: seconds)
            shared.requestStop()
        }.start()
        return try withDeadline(deadline) { try replayer.run() }
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
