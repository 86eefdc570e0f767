import PGWire

/// Test-only: the protocol bytes a client or server sends for an owned message, so that tests can write
/// conversations as readable `FrontendMessage`/`BackendMessage` values and drive code that takes the
/// decoder's borrowed messages.
enum WireMessageEncoder {
    /// The type letter and body of a typed frontend message (nil for the untyped startup-phase packets).
    static func frontend(_ message: FrontendMessage) -> (letter: UInt8, body: [UInt8])? {
        let body = Body()
        let letter: Character
        switch message {
        case .query(let text): letter = "Q"; body.cString(text)
        case .parse(let parse):
            letter = "P"
            body.cString(parse.statementName).cString(parse.query).int16(Int16(parse.parameterTypeOIDs.count))
            for oid in parse.parameterTypeOIDs { body.int32(Int32(bitPattern: oid)) }
        case .bind(let bind):
            letter = "B"
            body.cString(bind.portalName).cString(bind.statementName).formats(bind.parameterFormats)
            body.int16(Int16(bind.parameters.count))
            for value in bind.parameters { body.value(value) }
            body.formats(bind.resultFormats)
        case .describe(let kind, let name): letter = "D"; body.byte(kind == .statement ? "S" : "P").cString(name)
        case .execute(let portal, let maxRows): letter = "E"; body.cString(portal).int32(maxRows)
        case .sync: letter = "S"
        case .flush: letter = "H"
        case .close(let kind, let name): letter = "C"; body.byte(kind == .statement ? "S" : "P").cString(name)
        case .functionCall(let call):
            letter = "F"
            body.int32(Int32(bitPattern: call.functionOID)).formats(call.argumentFormats).int16(Int16(call.arguments.count))
            for value in call.arguments { body.value(value) }
            body.int16(call.resultFormat)
        case .copyData(let bytes): letter = "d"; body.bytes += bytes
        case .copyDone: letter = "c"
        case .copyFail(let text): letter = "f"; body.cString(text)
        case .terminate: letter = "X"
        case .password: letter = "p"; body.cString("secret")
        case .startup, .sslRequest, .gssencRequest, .cancelRequest: return nil
        }
        return (letter.asciiValue!, body.bytes)
    }

    /// The type letter and body of a typed backend message (nil for the one-byte SSL/GSS answers).
    static func backend(_ message: BackendMessage) -> (letter: UInt8, body: [UInt8])? {
        let body = Body()
        let letter: Character
        switch message {
        case .authentication(let request):
            letter = "R"
            body.int32(request.code)
            switch request {
            case .md5Password: body.int32(0)
            case .sasl(let mechanisms):
                for mechanism in mechanisms { body.cString(mechanism) }
                body.byte("\0")
            default: break
            }
        case .backendKeyData(let processID): letter = "K"; body.int32(processID).int32(0)
        case .parameterStatus(let name, let value): letter = "S"; body.cString(name).cString(value)
        case .readyForQuery(let status): letter = "Z"; body.bytes.append(status.rawValue)
        case .rowDescription(let fields):
            letter = "T"
            body.int16(Int16(fields.count))
            for field in fields {
                body.cString(field.name).int32(Int32(bitPattern: field.tableOID)).int16(field.columnAttribute)
                body.int32(Int32(bitPattern: field.typeOID)).int16(field.typeSize).int32(field.typeModifier).int16(field.format)
            }
        case .dataRow(let columnCount):
            letter = "D"
            body.int16(Int16(columnCount))
            for _ in 0..<columnCount { body.value(nil) }
        case .commandComplete(let tag): letter = "C"; body.cString(tag)
        case .emptyQueryResponse: letter = "I"
        case .errorResponse(let fields), .noticeResponse(let fields):
            if case .errorResponse = message { letter = "E" } else { letter = "N" }
            for field in fields.fields { body.bytes.append(field.code); body.cString(field.value) }
            body.byte("\0")
        case .parseComplete: letter = "1"
        case .bindComplete: letter = "2"
        case .closeComplete: letter = "3"
        case .parameterDescription(let oids):
            letter = "t"
            body.int16(Int16(oids.count))
            for oid in oids { body.int32(Int32(bitPattern: oid)) }
        case .noData: letter = "n"
        case .portalSuspended: letter = "s"
        case .copyInResponse(let response), .copyOutResponse(let response), .copyBothResponse(let response):
            switch message {
            case .copyInResponse: letter = "G"
            case .copyOutResponse: letter = "H"
            default: letter = "W"
            }
            body.bytes.append(UInt8(bitPattern: response.overallFormat))
            body.formats(response.columnFormats)
        case .copyData(let byteCount): letter = "d"; body.bytes += [UInt8](repeating: 0x41, count: byteCount)
        case .copyDone: letter = "c"
        case .notificationResponse(let processID, let channel, let payload):
            letter = "A"; body.int32(processID).cString(channel).cString(payload)
        case .functionCallResponse(let value): letter = "V"; body.value(value)
        case .negotiateProtocolVersion(let newestMinor, let options):
            letter = "v"
            body.int32(newestMinor).int32(Int32(options.count))
            for option in options { body.cString(option) }
        case .sslResponse, .gssResponse: return nil
        }
        return (letter.asciiValue!, body.bytes)
    }

    /// A message body under construction, in the protocol's big-endian encodings.
    private final class Body {
        var bytes: [UInt8] = []

        @discardableResult
        func byte(_ letter: Character) -> Body { bytes.append(letter.asciiValue!); return self }

        @discardableResult
        func int16(_ value: Int16) -> Body {
            let bits = UInt16(bitPattern: value)
            bytes += [UInt8(bits >> 8), UInt8(bits & 0xFF)]
            return self
        }

        @discardableResult
        func int32(_ value: Int32) -> Body {
            let bits = UInt32(bitPattern: value)
            bytes += [UInt8(bits >> 24), UInt8((bits >> 16) & 0xFF), UInt8((bits >> 8) & 0xFF), UInt8(bits & 0xFF)]
            return self
        }

        @discardableResult
        func cString(_ text: String) -> Body { bytes += Array(text.utf8) + [0]; return self }

        @discardableResult
        func formats(_ codes: [Int16]) -> Body {
            int16(Int16(codes.count))
            for code in codes { int16(code) }
            return self
        }

        func value(_ data: [UInt8]?) {
            guard let data else { int32(-1); return }
            int32(Int32(data.count))
            bytes += data
        }
    }
}
