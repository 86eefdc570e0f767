import Workload

/// A request read from the workload and ready to send: the captured request, the statement text to
/// use (resolved by name when the capture missed the Parse), and its place on the schedule.
/// A class: it moves through the driver's queues by reference, not by copying every array it holds.
final class LoadedRequest {
    let request: Request
    /// Text to send; nil when unknown.
    let text: String?
    /// Monotonic due time; nil at `--speed max`.
    let due: Int64?
    /// Why it is not sent, decided when it was loaded.
    var skipReason: String?

    init(request: Request, text: String? = nil, due: Int64? = nil, skipReason: String? = nil) {
        self.request = request
        self.text = text
        self.due = due
        self.skipReason = skipReason
    }
}
