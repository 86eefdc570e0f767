import CLibPQ
import LiveTestSupport

/// A libpq connection owned by this object (closed in deinit), for requests psql cannot send:
/// binary parameters and binary results.
final class LibpqConnection {
    private let connection: OpaquePointer

    init(_ connectionString: String) throws {
        guard let connection = PQconnectdb(connectionString) else {
            throw LiveTestFailure("libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection))
            PQfinish(connection)
            throw LiveTestFailure("libpq could not connect: \(message)")
        }
        self.connection = connection
    }

    deinit {
        PQfinish(connection)
    }

    /// PQexecParams with one binary int4 parameter (of type `int4`) and binary results; the first value.
    func executeBinary(_ sql: String, int4 value: Int32) throws -> [UInt8] {
        try withBinaryInt4(value) { values, lengths, formats, types in
            PQexecParams(connection, sql, 1, types, values, lengths, formats, 1)
        }
    }

    /// PQprepare of a named statement with one `int4` parameter.
    func prepare(_ name: String, _ sql: String) throws {
        var types: [Oid] = [Self.int4OID]
        let result = PQprepare(connection, name, sql, 1, &types)
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else { throw failure(result) }
    }

    /// PQexecPrepared with one binary int4 parameter and binary results; the first value.
    func executePreparedBinary(_ name: String, int4 value: Int32) throws -> [UInt8] {
        try withBinaryInt4(value) { values, lengths, formats, _ in
            PQexecPrepared(connection, name, 1, values, lengths, formats, 1)
        }
    }

    static let int4OID: Oid = 23

    private func withBinaryInt4(
        _ value: Int32,
        _ execute: (UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafePointer<Oid>) -> OpaquePointer?
    ) throws -> [UInt8] {
        var bigEndian = value.bigEndian
        let result = withUnsafeBytes(of: &bigEndian) { bytes -> OpaquePointer? in
            let pointer = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
            let values: [UnsafePointer<CChar>?] = [pointer]
            let lengths: [Int32] = [4], formats: [Int32] = [1], types: [Oid] = [Self.int4OID]
            return execute(values, lengths, formats, types)
        }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_TUPLES_OK, PQntuples(result) == 1, PQfformat(result, 0) == 1,
              let value = PQgetvalue(result, 0, 0) else {
            throw failure(result)
        }
        let length = Int(PQgetlength(result, 0, 0))
        return UnsafeRawBufferPointer(start: value, count: length).map { $0 }
    }

    private func failure(_ result: OpaquePointer?) -> LiveTestFailure {
        let message = result.flatMap { PQresultErrorMessage($0) }.map { String(cString: $0) } ?? ""
        return LiveTestFailure("libpq request failed: \(message.isEmpty ? String(cString: PQerrorMessage(connection)) : message)")
    }
}
