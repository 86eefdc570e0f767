/// The version written into workload files and printed by `--version`.
enum ToolVersion {
    static let current = "0.1.0"
}
