import Foundation

/// `--from` / `--to`: the part of the capture to replay. A bound is either seconds from the start of
/// the capture (`90`, `1.5`) or an ISO 8601 time (`2026-11-25T14:00:00Z`). Requests sent in
/// [from, to) are replayed.
public struct TimeWindow: Sendable, Equatable {
    public enum Bound: Sendable, Equatable {
        /// Seconds after the first timestamp of the capture.
        case offset(Double)
        /// Nanoseconds since the Unix epoch.
        case absolute(Int64)

        /// Parses a number of seconds or an ISO 8601 time; nil for anything else.
        public init?(argument: String) {
            if let seconds = Double(argument), seconds.isFinite, seconds >= 0 {
                self = .offset(seconds)
                return
            }
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let date = formatter.date(from: argument) ?? {
                formatter.formatOptions = [.withInternetDateTime]
                return formatter.date(from: argument)
            }()
            guard let date else { return nil }
            self = .absolute(Int64((date.timeIntervalSince1970 * 1e9).rounded()))
        }

        /// The bound in nanoseconds since the epoch, for a capture that starts at `captureStart`.
        func resolve(captureStart: Int64) -> Int64 {
            switch self {
            case .offset(let seconds): captureStart + Int64((seconds * 1e9).rounded())
            case .absolute(let nanoseconds): nanoseconds
            }
        }
    }

    public var from: Bound?
    public var to: Bound?

    public init(from: Bound? = nil, to: Bound? = nil) {
        self.from = from
        self.to = to
    }

    public var isEverything: Bool { from == nil && to == nil }

    /// The window as nanosecond bounds, for a capture that starts at `captureStart`.
    func resolved(captureStart: Int64) -> ClosedRange<Int64>? {
        let lower = from?.resolve(captureStart: captureStart) ?? Int64.min
        let upper = to.map { $0.resolve(captureStart: captureStart) - 1 } ?? Int64.max
        return lower <= upper ? lower ... upper : nil
    }
}
