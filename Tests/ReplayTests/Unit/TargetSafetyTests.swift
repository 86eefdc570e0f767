import Testing
@testable import Replay

@Suite struct TargetSafetyTests {
    @Test func sameAddressAndPortIsTheCapturedServer() {
        let captured: Set<String> = ["10.0.0.5:5432"]
        #expect(TargetSafety.isCapturedServer(address: "10.0.0.5", port: "5432", capturedServers: captured))
        #expect(!TargetSafety.isCapturedServer(address: "10.0.0.5", port: "5433", capturedServers: captured))
        #expect(!TargetSafety.isCapturedServer(address: "10.0.0.6", port: "5432", capturedServers: captured))
        #expect(TargetSafety.isCapturedServer(address: "::ffff:10.0.0.5", port: "5432", capturedServers: captured))
    }

    @Test func loopbackAndUnixSocketsMatchACapturedLoopbackServer() {
        let captured: Set<String> = ["127.0.0.1:56432"]
        #expect(TargetSafety.isCapturedServer(address: "127.0.0.1", port: "56432", capturedServers: captured))
        #expect(TargetSafety.isCapturedServer(address: "::1", port: "56432", capturedServers: captured))
        #expect(TargetSafety.isCapturedServer(address: nil, port: "56432", capturedServers: captured))
        #expect(!TargetSafety.isCapturedServer(address: nil, port: "5432", capturedServers: captured))
        #expect(!TargetSafety.isCapturedServer(address: "10.1.1.1", port: "56432", capturedServers: captured))
    }

    @Test func ipv6Servers() {
        let captured: Set<String> = ["[2001:db8::1]:5432", "::1:6000"]
        #expect(TargetSafety.isCapturedServer(address: "2001:db8::1", port: "5432", capturedServers: captured))
        #expect(TargetSafety.isCapturedServer(address: "127.0.0.1", port: "6000", capturedServers: captured))
    }
}
