/// One record of a workload file after the header, in file order.
public enum WorkloadRecord: Sendable, Equatable {
    case sessionStart(SessionStart)
    case statement(Statement)
    case request(Request)
    case sessionEnd(SessionEnd)
    case trailer(WorkloadTrailer)
}
