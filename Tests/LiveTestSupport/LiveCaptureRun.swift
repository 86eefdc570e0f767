import TestSupport
import Capture
import Foundation
import Workload

/// Records a real client's traffic on `lo` with `LiveRecording`, as `pgrehearse capture` does, and reads back
/// the workload file it wrote.
public struct LiveCaptureRun {
    /// Holds the workload file (and the raw pcap) until the run is released.
    public let directory: TemporaryDirectory
    public let workloadPath: String
    /// The raw packets (`--pcap-out`), when asked for.
    public let pcapPath: String?
    public let summary: ImportSummary
    public let records: [WorkloadRecord]

    public var requests: [Request] { records.compactMap { if case .request(let r) = $0 { r } else { nil } } }
    public var sessionStarts: [SessionStart] { records.compactMap { if case .sessionStart(let s) = $0 { s } else { nil } } }
    public var sessionEnds: [SessionEnd] { records.compactMap { if case .sessionEnd(let e) = $0 { e } else { nil } } }

    /// The requests of one session in the order the client sent them.
    public func requests(ofSession session: UInt32) -> [Request] {
        requests.filter { $0.session == session }.sorted { $0.sequence < $1.sequence }
    }

    /// How long the capture runs before the client starts. The handle is already active when the
    /// recording signals it started; this only keeps the client off the capture's first poll.
    static let settleSeconds = 0.2
    /// How long the capture keeps running after the client is done: libpcap on `lo` hands packets over
    /// in blocks at most one poll interval (100 ms) old, and a stop ends the loop without draining.
    static let drainSeconds = 0.35

    /// How often, and how many times in a row, the pcap file must be found unchanged before a capture that
    /// is catching up counts as caught up: one poll interval of the capture and two more.
    static let quietCheckSeconds = 0.1
    static let quietChecks = 3
    /// The longest a capture may take to catch up after the client is done.
    static let catchUpLimitSeconds = 60.0

    /// Starts a live recording of `tcp port <port>` on `lo`, runs `client`, lets the last packets arrive,
    /// stops the recording and reads the workload file.
    ///
    /// A stop ends the capture after a short drain, and whatever the kernel still buffers is lost without
    /// being counted as dropped. A client faster than the capture (pgbench -S runs at over 10,000 requests a
    /// second here) leaves more than that behind, so with `catchingUp` the recording also writes a pcap file
    /// and is stopped only once that file has stopped growing: the capture has read every packet.
    public static func record(port: Int, keepingPcap: Bool = false, catchingUp: Bool = false,
                              _ client: () throws -> Void) throws -> LiveCaptureRun {
        let directory = try TemporaryDirectory()
        let workloadPath = directory.path("live.pgw")
        let pcapPath = keepingPcap || catchingUp ? directory.path("live.pcap") : nil
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
        let caughtUp = Result { if catchingUp, let pcapPath { try waitUntilUnchanged(pcapPath) } }
        stopSignal.stop()
        let summary = try handoff.waitUntilFinished()
        try clientResult.get()
        try caughtUp.get()

        return LiveCaptureRun(directory: directory, workloadPath: workloadPath, pcapPath: pcapPath,
                              summary: summary, records: try readRecords(workloadPath))
    }

    /// Returns once the file's size has stayed the same for `quietChecks` checks in a row.
    private static func waitUntilUnchanged(_ path: String) throws {
        let deadline = Date().addingTimeInterval(catchUpLimitSeconds)
        var lastSize: UInt64?
        var unchanged = 0
        while unchanged < quietChecks {
            guard Date() < deadline else {
                throw LiveTestFailure("the live capture did not catch up within \(Int(catchUpLimitSeconds)) s of the client's end")
            }
            Thread.sleep(forTimeInterval: quietCheckSeconds)
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.uint64Value
            unchanged = size != nil && size == lastSize ? unchanged + 1 : 0
            lastSize = size
        }
    }

    /// Every record of a workload file in file order, trailer included; throws when the file was cut short.
    public static func readRecords(_ path: String) throws -> [WorkloadRecord] {
        let reader = try WorkloadReader(path: path)
        var records: [WorkloadRecord] = []
        while let record = try reader.next() { records.append(record) }
        guard reader.sawTrailer else { throw LiveTestFailure("\(path) ends without its trailer record") }
        return records
    }
}
