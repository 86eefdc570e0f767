/// What `RunMerger.merge` wrote, so the command line can report it.
public struct RunMergeResult: Sendable, Equatable {
    /// The merged file's header.
    public var header: RunHeader
    /// The merged trailer; nil when an input was cut short (the merged file is then cut short too).
    public var trailer: RunTrailer?
    /// Outcomes written.
    public var outcomes: UInt64
    /// Inputs that had no trailer (their replay stopped before finishing the file).
    public var incompleteInputs: [String]

    public init(header: RunHeader, trailer: RunTrailer?, outcomes: UInt64, incompleteInputs: [String]) {
        self.header = header
        self.trailer = trailer
        self.outcomes = outcomes
        self.incompleteInputs = incompleteInputs
    }
}
