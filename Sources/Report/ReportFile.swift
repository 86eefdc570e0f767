import Foundation

/// Writes a rendered report: to a temporary file next to it, then renamed, so a reader (a browser, a
/// CI job) never sees half a report.
public enum ReportFile {
    public static func write(_ text: String, to path: String) throws(ReportError) {
        let url = URL(fileURLWithPath: path)
        do {
            let folder = url.deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
    }
}
