import Foundation
import Testing

/// The byte-by-byte format documents under `docs/`, whose example hex dumps the format tests hold
/// against the encoders.
public enum FormatDocument {
    /// The path of `docs/<name>`, found by walking up from the calling test's source file.
    public static func path(_ name: String, from file: String = #filePath) -> String? {
        var directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = directory.appendingPathComponent("docs/" + name).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// The bytes of the dump: lines `OFFSET  HEX HEX ...  # comment` inside the ```hexdump block.
    public static func dumpBytes(in document: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var inDump = false
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```hexdump") { inDump = true; continue }
            if inDump && line.hasPrefix("```") { break }
            guard inDump else { continue }
            let data = line.split(separator: "#", maxSplits: 1).first ?? ""
            let fields = data.split(separator: " ")
            guard let offsetField = fields.first else { continue }
            let offset = try #require(Int(offsetField, radix: 16), "bad offset in line: \(line)")
            #expect(offset == bytes.count, "dump line starts at \(offset), expected \(bytes.count): \(line)")
            for field in fields.dropFirst() {
                bytes.append(try #require(UInt8(field, radix: 16), "bad byte in line: \(line)"))
            }
        }
        return bytes
    }
}
