#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes of a message field, borrowed from the decoder's input instead of copied out of it.
///
/// Like every borrowed message, it is valid only during the callback that receives it: keep what you
/// need with `array` or `string`. Borrowing is what keeps decoding free of allocations, which is most
/// of the cost of an import (a `String` or an `Array` per field, per message, adds up to microseconds
/// per request).
public struct BorrowedBytes {
    /// The field's bytes (for C strings: without the terminating NUL).
    public let buffer: UnsafeRawBufferPointer

    @inlinable
    public init(_ buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
    }

    @inlinable
    public var count: Int { buffer.count }

    @inlinable
    public var isEmpty: Bool { buffer.isEmpty }

    /// The bytes decoded as UTF-8; invalid sequences become U+FFFD, never a trap.
    public var string: String { String(decoding: buffer, as: UTF8.self) }

    /// An owned copy of the bytes.
    public var array: [UInt8] { [UInt8](buffer) }

    /// Whether these bytes equal `other`'s.
    @inlinable
    public func elementsEqual(_ other: UnsafeRawBufferPointer) -> Bool {
        guard buffer.count == other.count else { return false }
        guard buffer.count > 0 else { return true }
        return memcmp(buffer.baseAddress!, other.baseAddress!, buffer.count) == 0
    }
}
