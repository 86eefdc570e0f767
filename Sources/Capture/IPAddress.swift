import Glibc

/// An IPv4 or IPv6 address as it appears in a packet header, stored as plain integers so that
/// flow lookups hash a few machine words and never allocate.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 address in host byte order (`127.0.0.1` is `0x7F00_0001`).
    case v4(UInt32)
    /// An IPv6 address as its high and low 64 bits in host byte order (`::1` is `.v6(0, 1)`).
    case v6(UInt64, UInt64)

    /// Parses dotted IPv4 (`10.0.0.1`) or any textual IPv6 form (`::1`, `fe80::1`, `::ffff:1.2.3.4`);
    /// `nil` when the text is neither. Brackets around IPv6 are accepted, as in URLs.
    public init?(_ text: String) {
        var body = Substring(text)
        if body.hasPrefix("["), body.hasSuffix("]") { body = body.dropFirst().dropLast() }
        let string = String(body)
        var v4 = in_addr()
        if inet_pton(AF_INET, string, &v4) == 1 {
            self = .v4(UInt32(bigEndian: v4.s_addr))
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, string, &v6) == 1 else { return nil }
        let (high, low) = withUnsafeBytes(of: &v6) { raw in
            (UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
             UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
        self = .v6(high, low)
    }

    /// Whether this is an IPv6 address.
    public var isIPv6: Bool {
        if case .v6 = self { return true }
        return false
    }

    /// Dotted quad for IPv4; RFC 5952 canonical text for IPv6 (lower case, leading zeros dropped,
    /// the longest run of two or more zero groups shown as `::`, IPv4-mapped as `::ffff:a.b.c.d`).
    public var description: String {
        switch self {
        case .v4(let value):
            return IPAddress.dottedQuad(value)
        case .v6(let high, let low):
            var groups = [UInt16](repeating: 0, count: 8)
            for index in 0..<4 {
                groups[index] = UInt16(truncatingIfNeeded: high >> (48 - 16 * UInt64(index)))
                groups[index + 4] = UInt16(truncatingIfNeeded: low >> (48 - 16 * UInt64(index)))
            }
            if high == 0, low >> 32 == 0xFFFF {
                return "::ffff:" + IPAddress.dottedQuad(UInt32(truncatingIfNeeded: low))
            }
            // Longest run of zero groups (first one wins a tie); runs of one group stay as "0".
            var bestStart = -1, bestLength = 0, runStart = -1
            for index in 0...8 {
                if index < 8, groups[index] == 0 {
                    if runStart < 0 { runStart = index }
                } else if runStart >= 0 {
                    if index - runStart > bestLength { bestStart = runStart; bestLength = index - runStart }
                    runStart = -1
                }
            }
            if bestLength < 2 { bestStart = -1 }
            var text = ""
            var index = 0
            while index < 8 {
                if index == bestStart {
                    text += "::"
                    index += bestLength
                    continue
                }
                if !text.isEmpty, !text.hasSuffix(":") { text += ":" }
                text += String(groups[index], radix: 16)
                index += 1
            }
            return text
        }
    }

    private static func dottedQuad(_ value: UInt32) -> String {
        "\(value >> 24).\((value >> 16) & 0xFF).\((value >> 8) & 0xFF).\(value & 0xFF)"
    }
}
