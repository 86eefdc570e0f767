import ArgumentParser
import Capture
import Workload

/// `pgrehearse import`: pcap/pcapng files → workload file.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Decode Postgres traffic from pcap/pcapng files into a workload file.",
        discussion: """
            Reads files written by tcpdump, dumpcap, editcap or Wireshark (Ethernet, Linux cooked v1/v2, \
            BSD loopback, raw IP; IPv4 and IPv6; 802.1Q VLAN). Several files merge into one timeline. \
            Exit status: 0 on success, 1 on an error, 2 when an input was truncated or damaged (the \
            workload still holds everything before the damage) or held no Postgres traffic on the ports.
            """)

    @Argument(help: "pcap or pcapng files, merged by timestamp.")
    var files: [String]

    @Option(name: .shortAndLong, help: "The workload file to write (created with mode 0600).")
    var output: String

    @OptionGroup var traffic: TrafficOptions

    @Option(help: "Threads that decode sessions while packets are read (0: decode on the reading thread). Default: the number of processors, at most 4.")
    var threads: Int?

    @Flag(help: "Print one JSON object with the counts instead of the summary for people.")
    var json = false

    func validate() throws {
        if let threads, threads < 0 || threads > 64 { throw ValidationError("--threads must be between 0 and 64") }
    }

    func run() throws {
        var source = try MergedPacketSource(paths: files)
        var options = WorkloadRecorder.Options(
            serverPorts: traffic.ports, serverHosts: try traffic.hostAddresses(),
            sources: files, linkTypes: source.readers.map(\.linkTypeName), toolVersion: ToolVersion.current)
        options.decodingThreads = threads ?? WorkloadRecorder.Options.defaultDecodingThreads
        let recorder = try WorkloadRecorder(outputPath: output, options: options)
        try recorder.record(&source)
        let summary = try recorder.finish(truncation: source.truncations.map { "\($0.path): \($0.message)" })
        print(json ? try summary.jsonText() : summary.text(output: output))
        if summary.truncated || !summary.decodeErrors.isEmpty || summary.sessions == 0 {
            throw ExitCode(2)
        }
    }
}
