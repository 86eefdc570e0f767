import ArgumentParser

/// Rehearse a PostgreSQL schema migration against real production traffic.
@main
struct PGRehearse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pgrehearse",
        abstract: "Rehearse a PostgreSQL schema migration against real production traffic.",
        discussion: """
            Record Postgres wire traffic (capture live, or import pcap/pcapng files) into a workload file, \
            then inspect it and replay it against a copy of the database. Workload and run files hold production data: they are created with mode 0600.
            """,
        version: ToolVersion.current,
        subcommands: [ImportCommand.self, CaptureCommand.self, InspectCommand.self, ReplayCommand.self, MergeCommand.self, CompareCommand.self,
                      DemoCommand.self, SandboxCommand.self]
    )
}
