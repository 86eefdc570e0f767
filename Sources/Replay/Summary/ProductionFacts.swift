import Workload

/// What the summary needs to know about a request's production side besides the replayed outcome:
/// the approximations replay had to make for it, and production's SQLSTATE. A few words, so a replay
/// thread hands them over without the request.
struct ProductionFacts: Sendable, Equatable {
    /// Production executed it with a row limit (replay runs it whole).
    var rowLimited = false
    /// Its result columns asked for different formats (replay asks for one).
    var mixedResultFormats = false
    /// It used a named portal (replay uses the unnamed one).
    var namedPortal = false
    /// Production's error had a SQLSTATE: this one.
    var sqlState: String?
    /// Production's outcome had an error (with or without a SQLSTATE).
    var hasError = false
    /// The capture ended before production's outcome was seen.
    var incomplete = false

    init() {}

    init(_ request: Request) {
        rowLimited = request.rowLimit > 0
        if let first = request.resultFormats.first {
            mixedResultFormats = request.resultFormats.contains { $0 != first }
        }
        namedPortal = !request.portalName.isEmpty
        sqlState = request.outcome.error?.sqlState
        hasError = request.outcome.error != nil
        incomplete = request.flags.contains(.incomplete)
    }
}
