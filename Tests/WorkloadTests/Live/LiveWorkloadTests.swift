import LiveTestSupport
import Testing

/// Real clients (psql, pgbench, libpq) against throwaway PostgreSQL 15 clusters, captured live on `lo`
/// by `LiveRecording` exactly as `pgrehearse capture` does; each test checks what the workload file holds.
///
/// Serialized: the tests share clusters and each capture filters on its cluster's port, so two tests at
/// once would record each other's traffic. Skipped where capturing is not allowed (not root, no CAP_NET_RAW).
@Suite(.serialized, .sharedClusters,
       .enabled(if: LiveCaptureProbe.isAvailable, Comment(rawValue: LiveCaptureProbe.unavailableReason ?? "")))
struct LiveWorkloadTests {}
