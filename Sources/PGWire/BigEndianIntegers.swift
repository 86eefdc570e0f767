/// A list of fixed-width integers as they sit in a message body (big-endian, unaligned): format codes,
/// parameter type OIDs. Reading one is a load and a byte swap; nothing is copied until asked.
///
/// Borrowed from the decoder's input: valid only during the callback that receives it.
public struct BigEndianIntegers<Element: FixedWidthInteger>: RandomAccessCollection {
    /// The `count * MemoryLayout<Element>.size` bytes of the list.
    public let bytes: UnsafeRawBufferPointer

    /// `bytes` must hold a whole number of elements (the decoder checked the count against the body).
    @inlinable
    public init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    @inlinable
    public var startIndex: Int { 0 }

    @inlinable
    public var endIndex: Int { bytes.count / MemoryLayout<Element>.size }

    @inlinable
    public subscript(position: Int) -> Element {
        Element(bigEndian: bytes.loadUnaligned(fromByteOffset: position * MemoryLayout<Element>.size, as: Element.self))
    }
}
