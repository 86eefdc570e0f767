import TestSupport
import Capture
import Dispatch
import Foundation
import Glibc
import Testing

@Suite(.enabled(if: getuid() == 0, "live capture needs root"))
struct LiveCaptureTests {
    @Test func capturesAConversationOnLoopback() throws {
        let (listener, port) = try LoopbackSocket.listen()
        defer { listener.close() }
        let dumpPath = NSTemporaryDirectory() + "pgrehearse-live-\(getpid())-\(port).pcap"
        defer { unlink(dumpPath) }
        let capture = try LiveCapture(interface: "lo", filter: "tcp port \(port)", dumpPath: dumpPath,
                                      pollIntervalMilliseconds: 20)
        #expect(capture.linkTypeName == "EN10MB")

        let client = try LoopbackSocket.connect(port: port)
        let server = try listener.accept()
        try client.send("SELECT 'live';")
        #expect(try server.receive(14) == "SELECT 'live';")
        try server.send("ok")
        #expect(try client.receive(2) == "ok")
        client.close()
        server.close()

        // Safety net: if the FINs never show up, stop anyway so the test fails instead of hanging.
        let stopSignal = capture.stopSignal
        DispatchQueue.global().asyncAfter(deadline: .now() + 3) { stopSignal.stop() }
        var tracker = TCPStreamTracker(serverPorts: [port])
        var events: [RecordedEvent] = []
        var closed = false
        try capture.forEach { packet in
            if case .segment(let segment) = PacketDecoder.tcpSegment(linkType: packet.linkType, frame: packet.data) {
                tracker.process(segment, at: packet.timestamp) { event in
                    events.append(RecordedEvent(event))
                    if case .closed = event { closed = true }
                }
            }
            return !closed
        }
        let clientEndpoint = try #require(events.first.flatMap { event -> Endpoint? in
            if case .opened(_, let client, _, _) = event { return client }
            return nil
        })
        #expect(events == [
            .opened(1, client: clientEndpoint, server: Endpoint(address: .v4(0x7F00_0001), port: port), sawHandshake: true),
            .data(1, .clientToServer, "SELECT 'live';"),
            .data(1, .serverToClient, "ok"),
            .closed(1, .fin),
        ])
        let statistics = capture.statistics()
        #expect(statistics.received >= UInt64(capture.packetsRead))
        #expect(statistics.dropped == 0)

        // The --pcap-out copy holds exactly the delivered packets.
        let copy = try PcapFileReader(path: dumpPath)
        var copied = 0
        try copy.forEach { _ in copied += 1; return true }
        #expect(copied == capture.packetsRead)
        #expect(copied >= 8)
    }

    @Test func stopEndsAnIdleCaptureQuickly() throws {
        let (listener, port) = try LoopbackSocket.listen()
        defer { listener.close() }
        let capture = try LiveCapture(interface: "lo", filter: "tcp port \(port)")
        let stopSignal = capture.stopSignal
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { stopSignal.stop() }
        let started = ContinuousClock.now
        var packets = 0
        try capture.forEach { _ in packets += 1; return true }
        let elapsed = ContinuousClock.now - started
        #expect(packets == 0)
        #expect(elapsed >= .milliseconds(150))
        // Not a speed check: an idle capture must not wait for a packet that never comes (libpcap can block
        // forever); the stop is seen within a poll interval and the drain lasts two more.
        #expect(elapsed < .seconds(5))
        #expect(stopSignal.isStopped)
    }

    @Test func startupErrorsAreSpecific() {
        #expect {
            try LiveCapture(interface: "no-such-if0")
        } throws: { error in
            guard case .interfaceNotFound(let interface, _)? = error as? CaptureError else { return false }
            return interface == "no-such-if0" && (error as? CaptureError)?.description.contains("tcpdump -D") == true
        }
        #expect {
            try LiveCapture(interface: "lo", filter: "port port")
        } throws: { error in
            guard case .badFilter(let filter, _)? = error as? CaptureError else { return false }
            return filter == "port port"
        }
        #expect {
            try LiveCapture(interface: "lo", dumpPath: "/nonexistent/dir/out.pcap")
        } throws: { error in
            guard case .cannotWriteDump(let path, _)? = error as? CaptureError else { return false }
            return path == "/nonexistent/dir/out.pcap"
        }
    }

    static let permissionProbeVariable = "PGREHEARSE_CAPTURE_PERMISSION_PROBE"

    /// Re-runs this test binary without CAP_NET_RAW (via setpriv) so that pcap_activate really
    /// fails with PCAP_ERROR_PERM_DENIED, and checks the message the user gets.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "setpriv is missing"),
          .enabled(if: ProcessInfo.processInfo.environment[permissionProbeVariable] == nil, "already the probe"))
    func withoutCapNetRawTheMessageSaysWhatToDo() throws {
        let outcomePath = NSTemporaryDirectory() + "pgrehearse-permission-\(getpid()).txt"
        defer { unlink(outcomePath) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--inh-caps=-all", "--bounding-set=-net_raw,-net_admin", "--",
                             try String(contentsOfFile: "/proc/self/cmdline", encoding: .utf8).split(separator: "\0").first.map(String.init)
                                 ?? CommandLine.arguments[0],
                             "--testing-library", "swift-testing", "--filter", "permissionProbe"]
        process.environment = ProcessInfo.processInfo.environment.merging([Self.permissionProbeVariable: outcomePath]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let outcome = try String(contentsOfFile: outcomePath, encoding: .utf8)
        #expect(outcome.hasPrefix("permissionDenied: capturing on lo needs root or CAP_NET_RAW "
            + "(e.g. `sudo setcap cap_net_raw,cap_net_admin=eip $(which pgrehearse)`): "), "\(outcome)")
        #expect(process.terminationStatus == 0)
    }

    /// The unprivileged half of the test above; runs only inside that child process.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[permissionProbeVariable] != nil, "runs as the probe child only"))
    func permissionProbe() throws {
        let outcomePath = try #require(ProcessInfo.processInfo.environment[Self.permissionProbeVariable])
        let outcome: String
        do {
            _ = try LiveCapture(interface: "lo")
            outcome = "no error"
        } catch .permissionDenied(let interface, let reason) {
            outcome = "permissionDenied: " + CaptureError.permissionDenied(interface: interface, reason: reason).description
        } catch {
            outcome = "other error: \(error)"
        }
        try outcome.write(toFile: outcomePath, atomically: true, encoding: .utf8)
    }
}
