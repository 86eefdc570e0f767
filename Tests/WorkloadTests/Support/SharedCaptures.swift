import TestSupport
import Foundation

/// The real captures in `../shared/captures` (beside the repository), with the counts Wireshark found.
enum SharedCaptures {
    static var directory: URL {
        URL(fileURLWithPath: SharedCaptureFolder.path)
    }

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// One file's entry in ORACLE.json.
    struct Expectation: Decodable {
        var packets: Int
        var server_port: UInt16
        var tcp_sessions: Int
        var tcp_sessions_with_handshake: Int
        var error_responses: Int
        var frontend_messages: [String: Int]
        var backend_messages: [String: Int]
        var command_tags: [String: Int]
        var error_sqlstates: [String: Int]
        var ssl_answers: [String: Int]?
        var pgwire_details: [String: Int]?
    }

    static func oracle() throws -> [String: Expectation] {
        struct Oracle: Decodable { var files: [String: Expectation] }
        let data = try Data(contentsOf: directory.appendingPathComponent("ORACLE.json"))
        return try JSONDecoder().decode(Oracle.self, from: data).files
    }
}
