import TestSupport
import Capture
import Foundation
@testable import Workload

/// Records a real client's traffic on `lo` with `LiveRecording`, as `pgrehearse capture` does, and reads back
/// the workload file it wrote.
struct LiveCaptureRun {
    /// Holds the workload file (and the raw pcap) until the run is released.
    let directory: TemporaryDirectory
    let workloadPath: String
    /// The raw packets (`--pcap-out`), when asked for.
    let pcapPath: String?
    let summary: ImportSummary
    let records: [WorkloadRecord]

    var requests: [Request] { records.compactMap { if case .request(let r) = $0 { r } else { nil } } }
    var sessionStarts: [SessionStart] { records.compactMap { if case .sessionStart(let s) = $0 { s } else { nil } } }
    var sessionEnds: [SessionEnd] { records.compactMap { if case .sessionEnd(let e) = $0 { e } else { nil } } }

    /// The requests of one session in the order the client sent them.
    func requests(ofSession session: UInt32) -> [Request] {
        requests.filter { $0.session == session }.sorted { $0.sequence < $1.sequence }
    }

    /// How long the capture runs before the client starts. The handle is already active when the
    /// recording signals it started; this only keeps the client off the capture's first poll.
    static let settleSeconds = 0.2
    /// How long the capture keeps running after the client is done: libpcap on `lo` hands packets over
    /// in blocks at most one poll interval (100 ms) old, and a stop ends the loop without draining.
    static let drainSeconds = 0.35

    /// Starts a live recording of `tcp port <port>` on `lo`, runs `client`, lets the last packets arrive,
    /// stops the recording and reads the workload file.
    static func record(port: Int, keepingPcap: Bool = false, _ client: () throws -> Void) throws -> LiveCaptureRun {
        let directory = try TemporaryDirectory()
        let workloadPath = directory.path("live.pgw")
        let pcapPath = keepingPcap ? directory.path("live.pcap") : nil
        let options = LiveRecording.Options(interface: "lo", ports: [UInt16(port)], pcapOutput: pcapPath,
                                            output: workloadPath, toolVersion: "live-test")
        let handoff = RecordingHandoff()
        let thread = Thread {
            do {
                let recording = try LiveRecording(options: options)
                handoff.didStart(recording.stopSignal)
                handoff.didFinish(Result { try recording.run() })
            } catch {
                handoff.didFinish(.failure(error))
            }
        }
        thread.name = "live-recording"
        thread.start()

        let stopSignal = try handoff.waitUntilStarted()
        Thread.sleep(forTimeInterval: settleSeconds)
        let clientResult = Result { try client() }
        Thread.sleep(forTimeInterval: drainSeconds)
        stopSignal.stop()
        let summary = try handoff.waitUntilFinished()
        try clientResult.get()

        return LiveCaptureRun(directory: directory, workloadPath: workloadPath, pcapPath: pcapPath,
                              summary: summary, records: try WorkloadFile.readAll(workloadPath))
    }
}
