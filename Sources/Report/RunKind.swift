/// The three copies a comparison replays against, with the colors every chart and table uses for them,
/// so that a reader learns them once: baseline blue, candidate orange, control green.
enum RunKind: String, CaseIterable, Sendable {
    case baseline
    case candidate
    case control

    /// Shown in legends and table headers.
    var label: String { rawValue }

    /// Stroke and fill color; each has at least 3:1 contrast against the white chart background.
    var color: String {
        switch self {
        case .baseline: "#3f6fb5"
        case .candidate: "#e0570f"
        case .control: "#2b8a3e"
        }
    }

    /// Lower is drawn first (further back): control, baseline, then candidate on top.
    var drawingRank: Int {
        switch self {
        case .control: 0
        case .baseline: 1
        case .candidate: 2
        }
    }
}
