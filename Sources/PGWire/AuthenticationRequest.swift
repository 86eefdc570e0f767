/// Authentication ('R'): what the server asks of the client, by code.
///
/// Secrets are never kept: the MD5 salt and the SASL continue/final data (nonces, proofs,
/// server signatures) and GSS tokens are skipped. Only the SASL mechanism names are kept.
public enum AuthenticationRequest: Sendable, Equatable {
    case ok                          // 0
    case kerberosV5                  // 2
    case cleartextPassword           // 3
    case md5Password                 // 5 (salt dropped)
    case scmCredential               // 6
    case gss                         // 7
    case gssContinue                 // 8 (data dropped)
    case sspi                        // 9
    case sasl(mechanisms: [String])  // 10
    case saslContinue                // 11 (data dropped)
    case saslFinal                   // 12 (data dropped)

    /// The protocol's Int32 code for this request.
    public var code: Int32 {
        switch self {
        case .ok: 0
        case .kerberosV5: 2
        case .cleartextPassword: 3
        case .md5Password: 5
        case .scmCredential: 6
        case .gss: 7
        case .gssContinue: 8
        case .sspi: 9
        case .sasl: 10
        case .saslContinue: 11
        case .saslFinal: 12
        }
    }

    init(reading reader: inout ByteReader) throws(PGWireError) {
        let code = try reader.readInt32()
        switch code {
        case 0: self = .ok
        case 2: self = .kerberosV5
        case 3: self = .cleartextPassword
        case 5:
            try reader.skip(4)
            self = .md5Password
        case 6: self = .scmCredential
        case 7: self = .gss
        case 9: self = .sspi
        case 8, 11, 12:
            try reader.skip(reader.remaining)
            self = code == 8 ? .gssContinue : code == 11 ? .saslContinue : .saslFinal
        case 10:
            var mechanisms: [String] = []
            while true {
                let name = try reader.readCString()
                if name.isEmpty { break }
                mechanisms.append(name)
            }
            self = .sasl(mechanisms: mechanisms)
        default:
            throw PGWireError("unknown authentication request code \(code)")
        }
        try reader.expectEnd(of: "Authentication")
    }
}
