/// The kind of session encryption a server accepted, after which the stream cannot be decoded.
public enum EncryptionKind: Sendable, Hashable, CustomStringConvertible {
    /// SSLRequest answered 'S' (or a client that started TLS directly).
    case tls
    /// GSSENCRequest answered 'G'.
    case gss

    public var description: String {
        switch self {
        case .tls: "TLS"
        case .gss: "GSSAPI"
        }
    }
}
