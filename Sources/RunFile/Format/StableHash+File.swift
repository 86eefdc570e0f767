#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Workload

extension StableHash {
    /// XXH64 of a whole file (seed 0, the value `xxh64sum FILE` prints), read in 1 MiB pieces:
    /// how a run file identifies the workload it replayed.
    public static func hashFile(path: String) throws(RunFileError) -> UInt64 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .cannotHash(path: path, reason: WorkloadFormatError.systemMessage(errno))
        }
        defer { close(descriptor) }
        let chunkSize = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var hash = StableHash()
        while true {
            let count = read(descriptor, buffer, chunkSize)
            if count > 0 {
                hash.update(UnsafeRawBufferPointer(start: buffer, count: count))
            } else if count == 0 {
                return hash.value
            } else if errno != EINTR {
                throw .cannotHash(path: path, reason: WorkloadFormatError.systemMessage(errno))
            }
        }
    }
}
