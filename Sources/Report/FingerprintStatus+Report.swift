import Analysis

extension FingerprintStatus {
    /// The status in words, as the tables show it.
    var label: String {
        switch self {
        case .newErrors: "new errors"
        case .resultsDiffer: "results differ"
        case .regressed: "regressed"
        case .allowed: "allowed"
        case .nondeterministic: "nondeterministic"
        case .improved: "improved"
        case .notEnoughData: "not enough data"
        case .unchanged: "unchanged"
        }
    }

    /// Worst first (0), in the order the model declares them: the default sort of every table.
    var severity: Int {
        Self.allCases.firstIndex(of: self) ?? Self.allCases.count
    }

    /// A Markdown marker that reads at a glance on a CI page.
    var markdownIcon: String {
        switch self {
        case .newErrors, .resultsDiffer, .regressed: "❌"
        case .allowed: "⚠️"
        case .nondeterministic: "🎲"
        case .improved: "🟢"
        case .notEnoughData: "❔"
        case .unchanged: "⚪"
        }
    }
}
