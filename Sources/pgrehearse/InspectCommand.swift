import ArgumentParser
import RunFile
import Workload

/// `pgrehearse inspect`: what a workload file or a run file holds.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Summarise a workload file or a run file, or export its requests (outcomes) as JSON lines.")

    @Argument(help: "A workload file, or a run file written by replay.")
    var file: String

    @Flag(help: "Print the summary as one JSON object.")
    var json = false

    @Flag(help: "Print every request as one JSON object a line.")
    var jsonl = false

    @Option(help: "How many statements to list in the top tables.")
    var top = 10

    func validate() throws {
        if json && jsonl { throw ValidationError("--json and --jsonl exclude each other") }
    }

    func run() throws {
        if OutcomeExport.isRunFile(path: file) { return try inspectRun() }
        if jsonl {
            try RequestExport.exportLines(path: file) { print($0) }
            return
        }
        let report = try InspectReport.make(path: file, top: top)
        if json {
            print(try JSONText.encode(report))
        } else {
            print(report.text)
        }
    }

    /// A run file: its outcomes as JSON lines, or the summary the replay stored in its trailer.
    private func inspectRun() throws {
        if jsonl {
            try OutcomeExport.exportLines(path: file) { print($0) }
            return
        }
        let reader = try RunReader(path: file)
        var outcomes = 0
        while try reader.next() != nil { outcomes += 1 }
        let header = reader.header
        guard let trailer = reader.trailer else {
            StandardError.line("pgrehearse: \(file) was cut short after \(outcomes) outcomes (no trailer): the replay did not finish")
            throw ExitCode(2)
        }
        if json {
            print(trailer.summaryJSON)
            return
        }
        print("run of \(header.workloadPath) against \(header.target) (PostgreSQL \(header.serverVersion)), "
            + "speed \(header.speed == 0 ? "max" : String(header.speed)), shard \(header.shardIndex + 1)/\(header.shardCount)")
        print("\(outcomes) outcomes\(trailer.interrupted ? ", interrupted" : ""); --json for the summary, --jsonl for every outcome")
    }
}
