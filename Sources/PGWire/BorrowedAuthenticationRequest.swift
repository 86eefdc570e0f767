/// Authentication ('R'), borrowed: what the server asks of the client, by code.
///
/// Secrets are never kept: the MD5 salt, the SASL continue/final data (nonces, proofs, server
/// signatures) and GSS tokens are skipped unread. Only the SASL mechanism names are kept. Valid only
/// during the callback that receives it; `AuthenticationRequest(_:)` makes an owned copy.
public struct BorrowedAuthenticationRequest {
    /// The protocol's Int32 code (0 ok, 3 cleartext, 5 MD5, 10 SASL, ...).
    public let code: Int32
    /// The SASL mechanisms offered (code 10); empty otherwise.
    public let saslMechanisms: BorrowedCStrings

    @inlinable
    init(reading reader: inout ByteReader) throws(PGWireError) {
        code = try reader.readInt32()
        var mechanisms = BorrowedCStrings(validated: UnsafeRawBufferPointer(start: nil, count: 0), count: 0)
        switch code {
        case 0, 2, 3, 6, 7, 9:
            break
        case 5:
            try reader.skip(4)
        case 8, 11, 12:
            try reader.skip(reader.remaining)
        case 10:
            mechanisms = try BorrowedCStrings.readUntilEmpty(&reader)
        default:
            throw PGWireError("unknown authentication request code \(code)")
        }
        saslMechanisms = mechanisms
        try reader.expectEnd(of: "Authentication")
    }
}
