import RunFile
import ArgumentParser
import Replay

/// `pgrehearse merge`: the run files of the shards of one replay → one run file.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the run files of a sharded replay (--shard k/n) into one run file.",
        discussion: """
            Refuses run files of different workloads, shard counts, speeds or filters, and the same shard \
            twice. Merging only some shards gives a run file that lists them and can be merged again with \
            the rest.
            """)

    @Argument(help: "Run files, one per shard.")
    var runs: [String]

    @Option(name: .shortAndLong, help: "The merged run file to write.")
    var output: String

    func validate() throws {
        if runs.isEmpty { throw ValidationError("give at least one run file") }
    }

    func run() throws {
        do {
            let result = try RunMerger.merge(runs, into: output)
            var line = "merged \(runs.count) run files, \(result.outcomes) outcomes, into \(output)"
            if !result.incompleteInputs.isEmpty {
                line += " (cut short, kept up to the cut: \(result.incompleteInputs.joined(separator: ", ")))"
            }
            print(line)
        } catch {
            StandardError.line("pgrehearse: \(error)")
            throw ExitCode(1)
        }
    }
}
