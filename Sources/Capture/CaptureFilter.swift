/// Builds the BPF filter for a live capture: the server ports (and hosts), plus what the user adds.
///
/// Pure, so that the exact filter text is unit-tested; libpcap compiles it.
public enum CaptureFilter {
    /// `tcp and (port 5432 or port 6432) and (host 10.0.0.5) and (<extra>)`.
    public static func make(ports: [UInt16], hosts: [IPAddress] = [], extra: String? = nil) -> String {
        var clauses = ["tcp"]
        if !ports.isEmpty {
            clauses.append("(" + ports.map { "port \($0)" }.joined(separator: " or ") + ")")
        }
        if !hosts.isEmpty {
            clauses.append("(" + hosts.map { "host \($0)" }.joined(separator: " or ") + ")")
        }
        if let extra, !extra.trimmingWhitespace.isEmpty {
            clauses.append("(\(extra))")
        }
        return clauses.joined(separator: " and ")
    }
}

extension String {
    var trimmingWhitespace: Substring {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
