import Analysis
import Foundation

/// The runs side by side: where each replayed, against which server, how, when and from which workload;
/// then the server settings, those that differ between the runs first and marked.
struct EnvironmentTable {
    struct Row {
        var label: String
        var cells: [Cell]
        var differs: Bool
    }

    struct Cell {
        var value: String
    }

    var runNames: [Cell]
    var rows: [Row]
    var differingSettings: [Row]
    var sameSettings: [Row]

    init(_ runs: ComparedRuns) {
        var described: [(RunKind, RunDescription)] = [(.baseline, runs.baseline), (.candidate, runs.candidate)]
        if let control = runs.control { described.append((.control, control)) }
        runNames = described.map { Cell(value: $0.0.label) }

        // `marked`: a difference there can explain a difference in the results, so it is highlighted; run
        // files, targets and times always differ and are not.
        func row(_ label: String, marked: Bool = true, _ value: (RunDescription) -> String) -> Row {
            let values = described.map { value($0.1) }
            return Row(label: label, cells: values.map { Cell(value: $0) }, differs: marked && Set(values).count > 1)
        }
        rows = [
            row("Run file", marked: false) { $0.path },
            row("Target", marked: false) { $0.target },
            row("Server version") { $0.serverVersion },
            row("System identifier", marked: false) { $0.systemIdentifier ?? "–" },
            row("Replay host") { $0.hostName },
            row("Tool version") { $0.toolVersion },
            row("Workload file") { $0.workloadPath },
            row("Workload hash") { $0.workloadHash },
            row("Workload requests") { ReportFormat.count($0.workloadRequests) },
            row("Speed") { $0.speed == "max" ? "max" : $0.speed + "×" },
            row("Filters") { $0.filters.isEmpty ? "none" : $0.filters.joined(separator: ", ") },
            row("Shards") { $0.shards },
            row("Started (UTC)", marked: false) { $0.startedAt },
            row("Ended (UTC)", marked: false) { $0.endedAt.isEmpty ? "cut short" : $0.endedAt },
            row("Duration", marked: false) { ReportFormat.duration(seconds: $0.durationSeconds) },
            row("Outcomes") { ReportFormat.count($0.outcomes) },
            row("Finished") { $0.complete ? ($0.interrupted ? "interrupted (Ctrl-C)" : "yes") : "no: the run file was cut short" },
            // Always a little different between runs: not marked (the notes say when it matters).
            row("Replayer's own send lag p99", marked: false) { run in
                run.replayerLagP99Ms.map { Format.milliseconds($0) } ?? "–"
            },
        ]
        // What the workload's capture recorded (the same for every run of one workload).
        let captures = described.map { Self.captureFields($0.1.captureSummaryJSON) }
        if captures.contains(where: { !$0.isEmpty }) {
            func captureRow(_ label: String, _ value: ([String: Any]) -> String) -> Row {
                Row(label: label, cells: captures.map { Cell(value: $0.isEmpty ? "–" : value($0)) }, differs: false)
            }
            func number(_ fields: [String: Any], _ key: String) -> String {
                (fields[key] as? NSNumber).map { ReportFormat.count($0.intValue) } ?? "–"
            }
            rows += [
                captureRow("Captured from (UTC)") { fields in
                    guard let first = (fields["first_timestamp_ns"] as? NSNumber)?.doubleValue,
                          let last = (fields["last_timestamp_ns"] as? NSNumber)?.doubleValue else { return "–" }
                    return Format.timestamp(Int64(first)) + " for " + ReportFormat.duration(seconds: (last - first) / 1e9)
                },
                captureRow("Captured sessions") { number($0, "sessions") },
                captureRow("Captured requests") { number($0, "requests") },
                captureRow("Captured packets") { number($0, "packets") },
                captureRow("Capture losses") { fields in
                    "\(number(fields, "gap_bytes")) bytes missing, \(number(fields, "packets_dropped")) packets dropped"
                },
            ]
        }
        let names = Set(described.flatMap { $0.1.settings.keys }).sorted()
        let settings = names.map { name in row(name) { $0.settings[name] ?? "–" } }
        differingSettings = settings.filter(\.differs)
        sameSettings = settings.filter { !$0.differs }
    }

    /// The capture summary's top-level fields; empty without one or when it is not a JSON object.
    static func captureFields(_ json: String?) -> [String: Any] {
        guard let json, let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return [:] }
        return object
    }
}
