import Capture
import Dispatch

/// A live capture into a workload file: opens the interface, records until stopped, a limit is reached
/// or the duration runs out, then writes everything captured so far and the kernel's drop counts.
///
/// Stopping is safe from any thread or signal handler through `stopSignal`.
public final class LiveRecording {
    public struct Options: Sendable {
        public var interface: String
        /// A BPF expression added (with `and`) to the port filter.
        public var extraFilter: String?
        public var duration: Double?
        /// Also keep the raw packets in this pcap file.
        public var pcapOutput: String?
        public var output: String
        public var bufferSize: Int32
        /// Ports, hosts, the query limit and the file header, as for any recording.
        public var recording: WorkloadRecorder.Options

        public init(interface: String, ports: [UInt16] = [5432], hosts: [IPAddress] = [], extraFilter: String? = nil,
                    duration: Double? = nil, maxQueries: Int? = nil, pcapOutput: String? = nil, output: String,
                    bufferSize: Int32 = LiveCapture.defaultBufferSize, toolVersion: String) {
            self.interface = interface
            self.extraFilter = extraFilter
            self.duration = duration
            self.pcapOutput = pcapOutput
            self.output = output
            self.bufferSize = bufferSize
            recording = WorkloadRecorder.Options(serverPorts: ports, serverHosts: hosts, sources: ["live:\(interface)"],
                                                 maxQueries: maxQueries, toolVersion: toolVersion)
        }
    }

    public let options: Options
    public let filter: String
    private var capture: LiveCapture
    private let recorder: WorkloadRecorder

    /// Stops the recording from any thread (Ctrl-C, a timer, a test).
    public var stopSignal: LiveCaptureStopSignal { capture.stopSignal }
    public var linkTypeName: String { capture.linkTypeName }
    public var warnings: [String] { capture.warnings }

    /// Opens the interface and creates the workload file; capturing starts with `run()`.
    public init(options: Options) throws {
        self.options = options
        filter = CaptureFilter.make(ports: options.recording.serverPorts, hosts: options.recording.serverHosts,
                                    extra: options.extraFilter)
        capture = try LiveCapture(interface: options.interface, filter: filter, bufferSize: options.bufferSize,
                                  dumpPath: options.pcapOutput)
        var recording = options.recording
        recording.linkTypes = [capture.linkTypeName]
        recorder = try WorkloadRecorder(outputPath: options.output, options: recording)
    }

    /// Captures until stopped, then finishes the workload file and returns the summary.
    public func run() throws -> ImportSummary {
        if let duration = options.duration {
            let signal = stopSignal
            DispatchQueue.global().asyncAfter(deadline: .now() + duration) { signal.stop() }
        }
        do {
            try recorder.record(&capture)
        } catch {
            // Keep what was captured before the failure: the file stays valid, then report the error.
            _ = try? recorder.finish(packetsDropped: capture.statistics().dropped)
            throw error
        }
        let statistics = capture.statistics()
        var summary = try recorder.finish(packetsDropped: statistics.dropped &+ statistics.interfaceDropped)
        summary.packetsReceivedByKernel = statistics.received
        return summary
    }
}
