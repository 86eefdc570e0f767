import ArgumentParser
import Workload

/// `pgrehearse inspect`: what a workload file holds.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Summarise a workload file, or export its requests as JSON lines.")

    @Argument(help: "The workload file.")
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
}
