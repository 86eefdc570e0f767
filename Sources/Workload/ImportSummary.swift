/// What `import` and `capture` saw, counted as Wireshark's pgsql dissector counts, so that a person or a
/// CI job can check a capture was complete before trusting a replay built on it.
///
/// Encoded as the `--json` object; key names are a contract.
public struct ImportSummary: Codable, Sendable, Equatable {
    /// TCP connections that carried Postgres traffic (at least one message decoded, or switched to TLS/GSS).
    public var sessions: Int = 0
    /// Sessions whose StartupMessage is in the capture.
    public var sessionsWithStartup: Int = 0
    /// Sessions whose SSLRequest or GSSENCRequest the server accepted: counted, not decodable.
    public var encryptedSessions: Int = 0
    /// Sessions whose TCP handshake (SYN) is in the capture.
    public var sessionsWithHandshake: Int = 0
    /// Frontend message counts keyed by type letter, plus `startup`, `SSLRequest`, `GSSENCRequest`, `CancelRequest`.
    public var frontend: [String: Int] = [:]
    /// Backend message counts keyed by type letter.
    public var backend: [String: Int] = [:]
    /// The server's one-byte answers to SSLRequest/GSSENCRequest, as `SSLResponse:N` and the like.
    public var sslAnswers: [String: Int] = [:]
    /// Executed requests: Query plus Execute messages.
    public var queries: Int = 0
    /// Requests written to the workload file (queries, executes, named prepares, function calls).
    public var requests: Int = 0
    /// ErrorResponse messages.
    public var errors: Int = 0
    /// ErrorResponse count by SQLSTATE.
    public var errorSqlstates: [String: Int] = [:]
    /// CommandComplete count by command (the tag without its row counts).
    public var commandTags: [String: Int] = [:]
    /// Bytes the capture lost inside TCP streams (packet loss, snaplen cuts).
    public var gapBytes: UInt64 = 0
    /// Bytes skipped before a provable message boundary (mid-stream starts and after losses).
    public var resynchronizedBytes: UInt64 = 0
    /// Binds that name a statement prepared before the capture started.
    public var bindsOfUnknownStatements: UInt64 = 0
    /// Replies that answered no message in the capture.
    public var unmatchedReplies: UInt64 = 0
    /// Sessions whose decoding stopped early, with the reason.
    public var decodeErrors: [String] = []
    /// Bytes of messages cut off at the end of the capture.
    public var incompleteBytes: UInt64 = 0
    /// True when an input file ends inside a packet record.
    public var truncated: Bool = false
    /// libpcap's words on each truncation.
    public var truncation: [String] = []
    /// Packets read (file records, or packets delivered by the kernel).
    public var packets: UInt64 = 0
    /// Packets the kernel dropped (live capture only, pcap_stats).
    public var packetsDropped: UInt64?
    /// Packets the kernel's filter accepted (live capture only, pcap_stats; on `lo` each packet counts twice).
    public var packetsReceivedByKernel: UInt64?
    /// Link-layer types of the inputs.
    public var linkTypes: [String] = []
    /// When no Postgres traffic was found: the busiest TCP ports (either end of each segment) and their
    /// segment counts, so the user can pick the right `--port`.
    public var otherTCPPorts: [String: Int]?
    /// The server ports that were searched.
    public var serverPorts: [UInt16] = []
    /// First and last packet time, ns since the epoch.
    public var firstTimestamp: Int64?
    public var lastTimestamp: Int64?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case sessions
        case sessionsWithStartup = "sessions_with_startup"
        case encryptedSessions = "encrypted_sessions"
        case sessionsWithHandshake = "sessions_with_handshake"
        case frontend, backend
        case sslAnswers = "ssl_answers"
        case queries, requests, errors
        case errorSqlstates = "error_sqlstates"
        case commandTags = "command_tags"
        case gapBytes = "gap_bytes"
        case resynchronizedBytes = "resynchronized_bytes"
        case bindsOfUnknownStatements = "binds_of_unknown_statements"
        case unmatchedReplies = "unmatched_replies"
        case decodeErrors = "decode_errors"
        case incompleteBytes = "incomplete_bytes"
        case truncated, truncation, packets
        case packetsDropped = "packets_dropped"
        case packetsReceivedByKernel = "packets_received_by_kernel"
        case linkTypes = "link_types"
        case otherTCPPorts = "other_tcp_ports"
        case serverPorts = "server_ports"
        case firstTimestamp = "first_timestamp_ns"
        case lastTimestamp = "last_timestamp_ns"
    }

    private var serverPortsText: String {
        serverPorts.map(String.init).joined(separator: ", ")
    }

    /// Adds the counts of sessions decoded elsewhere (another decoding thread) to these.
    public mutating func add(_ other: ImportSummary) {
        func merge<Value: AdditiveArithmetic>(_ into: inout [String: Value], _ from: [String: Value]) {
            for (key, value) in from { into[key, default: .zero] += value }
        }
        sessions += other.sessions
        sessionsWithStartup += other.sessionsWithStartup
        encryptedSessions += other.encryptedSessions
        sessionsWithHandshake += other.sessionsWithHandshake
        merge(&frontend, other.frontend)
        merge(&backend, other.backend)
        merge(&sslAnswers, other.sslAnswers)
        queries += other.queries
        requests += other.requests
        errors += other.errors
        merge(&errorSqlstates, other.errorSqlstates)
        merge(&commandTags, other.commandTags)
        resynchronizedBytes += other.resynchronizedBytes
        bindsOfUnknownStatements += other.bindsOfUnknownStatements
        unmatchedReplies += other.unmatchedReplies
        decodeErrors += other.decodeErrors
        incompleteBytes += other.incompleteBytes
    }

    /// The `--json` form.
    public func jsonText() throws -> String {
        try JSONText.encode(self)
    }

    /// The summary for a person at a terminal.
    public func text(output: String) -> String {
        func counts(_ map: [String: Int]) -> String {
            map.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        var lines = [
            "wrote \(output): \(requests) requests from \(sessions) sessions (\(sessionsWithStartup) with startup, \(encryptedSessions) encrypted)",
            "packets:  \(packets)" + (packetsReceivedByKernel.map { ", \($0) seen by the kernel" } ?? "")
                + (packetsDropped.map { ", \($0) dropped by the kernel" } ?? "")
                + (linkTypes.isEmpty ? "" : " (\(linkTypes.joined(separator: ", ")))"),
            "queries:  \(queries) (Query and Execute messages), errors: \(errors)"
                + (errorSqlstates.isEmpty ? "" : " (\(counts(errorSqlstates)))"),
            "frontend: \(counts(frontend))",
            "backend:  \(counts(backend))",
        ]
        if gapBytes > 0 || resynchronizedBytes > 0 {
            lines.append("loss:     \(gapBytes) bytes missing from TCP streams, \(resynchronizedBytes) bytes skipped to resynchronise")
        }
        if bindsOfUnknownStatements > 0 {
            lines.append("note:     \(bindsOfUnknownStatements) Binds use a statement prepared before the capture started")
        }
        if sessions == 0 {
            var line = "warning:  no Postgres traffic found on port \(serverPortsText)"
            if let ports = otherTCPPorts, let busiest = ports.max(by: { $0.value < $1.value }) {
                line += "; the busiest TCP port is \(busiest.key) (\(busiest.value) segments): try --port \(busiest.key)"
            }
            lines.append(line)
        }
        for error in decodeErrors { lines.append("warning:  decoding stopped in \(error)") }
        for cut in truncation { lines.append("warning:  input truncated: \(cut); everything before the cut was kept") }
        return lines.joined(separator: "\n")
    }

    /// The command of a CommandComplete tag: "INSERT 0 1" → "INSERT", "TRUNCATE TABLE" stays whole.
    public static func command(ofTag tag: String) -> String {
        let utf8 = tag.utf8
        var end = utf8.endIndex
        // Drop trailing groups of digits, each preceded by a space: cheap, it runs once per CommandComplete.
        while true {
            var index = end
            var sawDigit = false
            while index > utf8.startIndex {
                let previous = utf8.index(before: index)
                let byte = utf8[previous]
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { break }
                sawDigit = true
                index = previous
            }
            guard sawDigit, index > utf8.startIndex else { break }
            let space = utf8.index(before: index)
            guard utf8[space] == UInt8(ascii: " ") else { break }
            end = space
        }
        return end == utf8.endIndex ? tag : String(tag[..<end])
    }
}
