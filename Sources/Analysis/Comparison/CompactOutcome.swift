import RunFile

/// One replayed request reduced to what a comparison needs (64 bytes), so that three runs of a million
/// requests each fit comfortably in memory and sort quickly.
struct CompactOutcome: Sendable {
    /// `session << 32 | sequence`: the key requests are paired on.
    var key: UInt64
    /// When it completed, nanoseconds after its run started (for the timeline); −1 when it did not.
    var completedOffset: Int64
    /// Service time in nanoseconds (completion − actual send); −1 when not executed.
    var serviceTime: Int64
    var orderedChecksum: UInt64
    var unorderedChecksum: UInt64
    var rows: UInt64
    /// Dense index of the fingerprint in `ComparisonTables.fingerprints`.
    var fingerprint: UInt32
    /// Index of the command-tag list in `ComparisonTables.tagLists`.
    var tags: UInt32
    /// Index of (SQLSTATE, message) in `ComparisonTables.errors`; 0 = no error.
    var error: UInt32
    var status: ReplayStatus

    var executed: Bool { status == .executed && serviceTime >= 0 }
    var serviceMilliseconds: Double { Double(serviceTime) / 1e6 }
}
