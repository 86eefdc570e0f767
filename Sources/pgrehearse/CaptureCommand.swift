import ArgumentParser
import Capture
import Dispatch
import Foundation
import Glibc
import Workload

/// `pgrehearse capture`: a live interface → workload file.
struct CaptureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Capture Postgres traffic live from a network interface into a workload file.",
        discussion: """
            Needs root or CAP_NET_RAW. Stops cleanly on Ctrl-C (SIGINT) or SIGTERM, after --duration, or \
            after --max-queries, and always writes everything captured so far. At the end it prints the \
            packets the kernel saw and dropped (pcap_stats) and the summary.
            """)

    @Option(name: [.customShort("i"), .long], help: "Network interface (\"any\" for all).")
    var interface = "any"

    @OptionGroup var traffic: TrafficOptions

    @Option(help: "A BPF expression added to the port filter, e.g. \"not host 10.0.0.9\".")
    var filter: String?

    @Option(help: "Stop after this long: 90, 90s, 15m, 2h.")
    var duration: DurationArgument?

    @Option(help: "Stop after this many requests (Query and Execute messages).")
    var maxQueries: Int?

    @Option(help: "Also keep the raw packets in this pcap file.")
    var pcapOut: String?

    @Option(help: "Kernel capture buffer in MiB.")
    var bufferSize = 64

    @Option(name: .shortAndLong, help: "The workload file to write (created with mode 0600).")
    var output: String

    @Flag(help: "Print one JSON object with the counts instead of the summary for people.")
    var json = false

    func validate() throws {
        if let maxQueries, maxQueries <= 0 { throw ValidationError("--max-queries must be positive") }
        if bufferSize <= 0 || bufferSize > 2047 { throw ValidationError("--buffer-size must be between 1 and 2047 MiB") }
        // Same path, or (for files that exist already) the same file under another path.
        if let pcapOut, (pcapOut as NSString).standardizingPath == (output as NSString).standardizingPath
            || FileIdentity.input(among: [pcapOut], sameAs: output) != nil {
            throw ValidationError("--pcap-out and -o name the same file; the raw packets and the workload need one each")
        }
    }

    func run() throws {
        let recording = try LiveRecording(options: .init(
            interface: interface, ports: traffic.ports, hosts: try traffic.hostAddresses(), extraFilter: filter,
            duration: duration?.seconds, maxQueries: maxQueries, pcapOutput: pcapOut, output: output,
            bufferSize: Int32(bufferSize) << 20, toolVersion: ToolVersion.current))
        let stopSignal = recording.stopSignal
        var sources: [DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { stopSignal.stop() }
            source.resume()
            sources.append(source)
        }
        for warning in recording.warnings { StandardError.line("pgrehearse: warning: \(warning)") }
        StandardError.line("capturing on \(interface) (\(recording.linkTypeName)), filter \"\(recording.filter)\"; Ctrl-C to stop")
        let summary = try recording.run()
        sources.forEach { $0.cancel() }
        print(json ? try summary.jsonText() : summary.text(output: output))
    }
}

/// A duration given on the command line: plain seconds or with an s/m/h suffix.
struct DurationArgument: ExpressibleByArgument {
    let seconds: Double

    init?(argument: String) {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        var text = Substring(argument)
        var scale = 1.0
        if let last = text.last, let unit = units[last] {
            scale = unit
            text = text.dropLast()
        }
        guard let value = Double(text), value > 0, value.isFinite else { return nil }
        seconds = value * scale
    }
}

/// One line on standard error.
enum StandardError {
    static func line(_ text: String) {
        write(text + "\n")
    }

    /// Text as is, without a newline (progress lines redraw themselves with a carriage return).
    static func write(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
