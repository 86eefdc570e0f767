// swift-tools-version: 6.0
import PackageDescription

// Dependencies point one way:
// PGWire ← Capture ← Workload ← RunFile ← Replay ← pgrehearse, and RunFile ← Analysis ← Report ← Rehearsal ← pgrehearse
let package = Package(
    name: "pgrehearse",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pgrehearse", targets: ["pgrehearse"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // Native libraries, each behind a thin C module.
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CPgQuery", providers: [.apt(["libpg-query-dev"])]),
        // ppoll(2), which glibc declares only under _GNU_SOURCE.
        .systemLibrary(name: "CPoll"),
        // CRC-32C of every record, with the processor's CRC instruction where it has one.
        .target(name: "CCRC32C"),

        // Pure protocol v3 decoding: typed messages, framing, per-connection state.
        .target(name: "PGWire"),
        // Packets in (pcap files, live interfaces), reassembled Postgres conversations out.
        .target(name: "Capture", dependencies: ["PGWire", "CPcap"]),
        // Statement fingerprints and normalized text (libpg_query).
        .target(name: "SQLFingerprint", dependencies: ["CPgQuery"]),
        // The workload: requests with production outcomes, its file format, recording and inspection.
        .target(name: "Workload", dependencies: [
            "PGWire", "Capture", "SQLFingerprint", "CCRC32C",
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ]),
        // Throwaway PostgreSQL clusters for the demo and the tests.
        .target(name: "LocalPostgres"),
        // Run files: what a replay did to every request (outcomes, checksums), their format and merging.
        .target(name: "RunFile", dependencies: ["Workload"]),
        // Replay: workload sessions resent through non-blocking libpq, outcomes into a run file.
        .target(name: "Replay", dependencies: [
            "Workload", "RunFile", "SQLFingerprint", "CLibPQ", "CPoll",
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ], swiftSettings: [
            // Each driver and its state belong to one thread; the runtime's exclusivity checks cost ~3% of a
            // replay's CPU on the hot path and find nothing the compiler's static checks miss here.
            .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
        ]),
        // The statistics the compare gate decides with: rank tests, Hodges–Lehmann shifts, bootstrap
        // percentiles, rate tests and false discovery control. Pure.
        // and the comparison of runs that decides the gate's verdict (ComparisonReport).
        .target(name: "Analysis", dependencies: [
            "RunFile", "SQLFingerprint",
            .product(name: "Histogram", package: "hdrhistogram-swift"),
            .product(name: "Yams", package: "Yams"),
        ]),
        // The comparison for people and machines: self-contained HTML with inline SVG charts, Markdown, JSON.
        .target(name: "Report", dependencies: [
            "Analysis",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),

        // Rehearsals on a local cluster: copies, migrations, replays, comparisons, reports (the demo; later scenarios).
        .target(name: "Rehearsal", dependencies: ["LocalPostgres", "Capture", "Workload", "Replay", "Analysis", "Report"]),

        .executableTarget(name: "pgrehearse", dependencies: [
            "Workload", "Capture", "LocalPostgres", "Replay", "RunFile", "Analysis", "Report", "Rehearsal",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // The packet half of import alone (libpcap → TCP stream events), for Benchmarks/capture.sh; not shipped.
        .executableTarget(name: "CaptureBench", dependencies: ["Capture"], path: "Benchmarks/CaptureBench"),

        // libFuzzer target over the protocol decoder, the request assembler and the workload reader.
        .executableTarget(name: "WireFuzzer", dependencies: ["PGWire", "Workload"], path: "Fuzz/WireFuzzer"),

        // Helpers shared by the test targets (deterministic random numbers, temporary folders, shared captures).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .target(name: "LiveTestSupport", dependencies: ["Workload", "Capture", "LocalPostgres", "RunFile", "TestSupport"], path: "Tests/LiveTestSupport"),
        .testTarget(name: "PGWireTests", dependencies: ["PGWire", "TestSupport"]),
        .testTarget(name: "CaptureTests", dependencies: ["Capture", "PGWire", "TestSupport"]),
        .testTarget(name: "SQLFingerprintTests", dependencies: ["SQLFingerprint", "TestSupport"]),
        .testTarget(name: "WorkloadTests", dependencies: ["Workload", "Capture", "PGWire", "LocalPostgres", "TestSupport", "CLibPQ", "LiveTestSupport"]),
        .testTarget(name: "RunFileTests", dependencies: ["RunFile", "Workload", "TestSupport"]),
        .testTarget(name: "ReplayTests", dependencies: ["Replay", "RunFile", "Workload", "Capture", "SQLFingerprint", "LocalPostgres", "TestSupport", "CLibPQ", "CPoll", "LiveTestSupport"]),
        .testTarget(name: "LocalPostgresTests", dependencies: ["LocalPostgres"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "RunFile", "TestSupport", "LiveTestSupport"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Analysis", "TestSupport"]),
        .testTarget(name: "RehearsalTests", dependencies: [
            "Rehearsal", "Analysis", "Replay", "RunFile", "Workload", "LocalPostgres", "TestSupport", "LiveTestSupport",
        ]),
        .testTarget(name: "pgrehearseTests", dependencies: ["pgrehearse", "TestSupport", "LocalPostgres", "LiveTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
