import Foundation

/// Where the shared real captures live: `$PGREHEARSE_SHARED_CAPTURES`, else `../shared/captures` beside the
/// repository (as in CI's fresh clone and in the developers' checkout).
public enum SharedCaptureFolder {
    public static var path: String {
        if let override = ProcessInfo.processInfo.environment["PGREHEARSE_SHARED_CAPTURES"], !override.isEmpty {
            return override
        }
        // Tests/TestSupport/SharedCaptureFolder.swift → repository root → ../shared/captures
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("shared/captures").standardizedFileURL.path
    }

    public static func file(_ name: String) -> String {
        path + "/" + name
    }
}
