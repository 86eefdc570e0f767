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

    /// An owned copy of a borrowed request.
    public init(_ request: BorrowedAuthenticationRequest) {
        switch request.code {
        case 2: self = .kerberosV5
        case 3: self = .cleartextPassword
        case 5: self = .md5Password
        case 6: self = .scmCredential
        case 7: self = .gss
        case 8: self = .gssContinue
        case 9: self = .sspi
        case 10: self = .sasl(mechanisms: request.saslMechanisms.map(\.string))
        case 11: self = .saslContinue
        case 12: self = .saslFinal
        default: self = .ok  // the decoder accepts no other code than 0
        }
    }
}
