import Testing

/// `pgrehearse sandbox`: a throwaway cluster for a command, with settings of the user's.
@Suite struct SandboxCommandTests {
    @Test func aSettingReachesTheServer() throws {
        let run = try CommandLineTests.run(["sandbox", "--set", "max_connections=123", "--set", "work_mem=7MB", "--",
                                            "psql", "-XAtc", "SELECT current_setting('max_connections'), current_setting('work_mem')"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("123|7MB"))
    }

    @Test func aSettingWithoutAValueIsOneClearLine() throws {
        let run = try CommandLineTests.run(["sandbox", "--set", "max_connections", "--", "true"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("--set takes name=value"))
    }
}
