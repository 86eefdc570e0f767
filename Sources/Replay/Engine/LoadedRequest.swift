import Workload

/// A request read from the workload and ready to send: the captured request, the statement text to
/// use (resolved by name when the capture missed the Parse), and its place on the schedule.
struct LoadedRequest {
    var request: Request
    /// Text to send; nil when unknown.
    var text: String?
    /// Monotonic due time; nil at `--speed max`.
    var due: Int64?
    /// Why it is not sent, decided when it was loaded.
    var skipReason: String?
}
