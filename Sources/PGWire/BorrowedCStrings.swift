#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// NUL-terminated strings one after another (SASL mechanism names, protocol options, the command tags a
/// request collected), read back as borrowed bytes without copying.
///
/// Valid only while the bytes it points into are.
public struct BorrowedCStrings: Collection {
    /// A string's position: the byte offset of its first byte.
    public typealias Index = Int

    /// The strings, each with its NUL.
    public let bytes: UnsafeRawBufferPointer
    /// How many strings there are.
    public let count: Int

    /// `bytes` must be exactly `count` NUL-terminated strings.
    @inlinable
    public init(validated bytes: UnsafeRawBufferPointer, count: Int) {
        self.bytes = bytes
        self.count = count
    }

    /// Reads `count` strings at the reader's position and moves past them.
    @inlinable
    static func read(_ reader: inout ByteReader, count: Int) throws(PGWireError) -> BorrowedCStrings {
        let start = reader.position
        for _ in 0..<count { _ = try reader.readCStringRange() }
        return BorrowedCStrings(validated: reader.slice(start..<reader.position), count: count)
    }

    /// Reads strings up to an empty one (which it consumes but does not count).
    @inlinable
    static func readUntilEmpty(_ reader: inout ByteReader) throws(PGWireError) -> BorrowedCStrings {
        let start = reader.position
        var count = 0
        while true {
            let range = try reader.readCStringRange()
            if range.isEmpty { break }
            count += 1
        }
        return BorrowedCStrings(validated: reader.slice(start..<(reader.position - 1)), count: count)
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { bytes.count }
    @inlinable public var isEmpty: Bool { count == 0 }

    @inlinable
    public subscript(position: Int) -> BorrowedBytes {
        BorrowedBytes(UnsafeRawBufferPointer(rebasing: bytes[position..<end(of: position)]))
    }

    @inlinable
    public func index(after position: Int) -> Int {
        end(of: position) + 1
    }

    /// Walks the strings with one search for each NUL.
    @inlinable
    public func makeIterator() -> Iterator {
        Iterator(bytes: bytes)
    }

    public struct Iterator: IteratorProtocol {
        @usableFromInline let bytes: UnsafeRawBufferPointer
        @usableFromInline var position = 0

        @inlinable
        init(bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
        }

        @inlinable
        public mutating func next() -> BorrowedBytes? {
            guard position < bytes.count else { return nil }
            let start = bytes.baseAddress! + position
            let found = memchr(start, 0, bytes.count - position)!
            let length = start.distance(to: UnsafeRawPointer(found))
            defer { position += length + 1 }
            return BorrowedBytes(UnsafeRawBufferPointer(start: start, count: length))
        }
    }

    /// Where the string starting at `position` ends (the offset of its NUL).
    @inlinable
    func end(of position: Int) -> Int {
        let start = bytes.baseAddress! + position
        let found = memchr(start, 0, bytes.count - position)!
        return position + start.distance(to: UnsafeRawPointer(found))
    }
}
