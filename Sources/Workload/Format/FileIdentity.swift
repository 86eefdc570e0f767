#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Device and inode of an existing file: recognises one file under two paths, so that an output is
/// never written over one of the inputs it is made from (a typo in `-o` would lose a capture).
package struct FileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64

    /// nil when nothing exists at `path` (symlinks are followed).
    package init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }

    /// The first of `inputs` that is the file at `output`, if any.
    package static func input(among inputs: [String], sameAs output: String) -> String? {
        guard let target = FileIdentity(path: output) else { return nil }
        return inputs.first { FileIdentity(path: $0) == target }
    }
}
