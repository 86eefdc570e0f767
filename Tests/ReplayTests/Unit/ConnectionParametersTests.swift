import Testing
import Workload
@testable import Replay

@Suite struct ConnectionParametersTests {
    static let session = SessionStart(
        session: 1, startedAt: 0, client: "10.0.0.2:40000", server: "10.0.0.1:5432", sawStartup: true,
        user: "app", database: "shop", applicationName: "checkout",
        startupParameters: [StartupParameter(name: "client_encoding", value: "UTF8"),
                            StartupParameter(name: "DateStyle", value: "ISO, MDY"),
                            StartupParameter(name: "extra_float_digits", value: "3")])

    @Test func capturedUserDatabaseAndSettingsApplyWhenTheTargetIsSilent() throws {
        let parameters = try ConnectionParameters(target: "host=db port=6432").forSession(Self.session)
        #expect(parameters.value("host") == "db")
        #expect(parameters.value("user") == "app")
        #expect(parameters.value("dbname") == "shop")
        #expect(parameters.value("application_name") == "checkout")
        #expect(parameters.value("client_encoding") == "UTF8")
        #expect(parameters.value("options") == "-c DateStyle=ISO,\\ MDY -c extra_float_digits=3")
    }

    @Test func targetUserAndDatabaseOverrideTheCapturedOnes() throws {
        let parameters = try ConnectionParameters(target: "postgresql://replayer:secret@db:6432/copy").forSession(Self.session)
        #expect(parameters.value("user") == "replayer")
        #expect(parameters.value("dbname") == "copy")
        #expect(parameters.value("password") == "secret")
        #expect(parameters.value("application_name") == "checkout")
    }

    @Test func theDisplayHidesThePassword() throws {
        let parameters = try ConnectionParameters(target: "host=db password=secret user=x")
        #expect(!parameters.display.contains("secret"))
        #expect(parameters.display.contains("host=db"))
    }

    @Test func anInvalidTargetIsOneClearLine() {
        #expect(throws: ReplayError.self) { try ConnectionParameters(target: "host=db nonsense") }
        do {
            _ = try ConnectionParameters(target: "postgresql://[bad")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("invalid --target: "))
            #expect(!error.description.contains("\n"))
        }
    }
}
