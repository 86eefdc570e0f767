import Capture

/// Whether this process may capture on `lo`; the live tests are skipped (not failed) when it may not.
public enum LiveCaptureProbe {
    /// Why a live capture on `lo` cannot start here, or nil when it can (root or CAP_NET_RAW).
    public static let unavailableReason: String? = {
        do {
            // Opening and activating the handle is the whole check: no packet needs to arrive.
            _ = try LiveCapture(interface: "lo", filter: "tcp port 1", bufferSize: 1 << 20)
            return nil
        } catch {
            return "live capture on lo is not possible here (\(error))"
        }
    }()

    public static var isAvailable: Bool { unavailableReason == nil }
}
