import CCRC32C

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of every workload and run file
/// record. Computed in C (`CCRC32C`) with the processor's CRC instruction where there is one: on an import
/// the table-driven Swift version cost as much as encoding the records.
package enum CRC32C {
    /// CRC-32C of `bytes`; pass a previous result as `continuing` to checksum data in pieces.
    @inline(__always)
    package static func checksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress else { return previous }
        return pgrehearse_crc32c(previous, base, bytes.count)
    }

    /// The same computed with the table alone, whatever the processor offers (tests check both agree).
    package static func portableChecksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress else { return previous }
        return pgrehearse_crc32c_portable(previous, base, bytes.count)
    }

    /// CRC-32C of a byte array.
    package static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }
}
