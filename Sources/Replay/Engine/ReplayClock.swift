#if canImport(Glibc)
import Glibc
#endif

/// The replay's time base: a monotonic clock for waiting (immune to clock steps) and its mapping to
/// wall-clock nanoseconds since the epoch for what is recorded, fixed once at the start of the run.
public struct ReplayClock: Sendable {
    /// Monotonic nanoseconds at time zero of the schedule.
    public let startMonotonic: Int64
    /// Wall-clock nanoseconds since the epoch at time zero.
    public let startEpoch: Int64
    /// The capture time that time zero stands for.
    public let captureStart: Int64
    public let speed: ReplaySpeed

    public init(captureStart: Int64, speed: ReplaySpeed, startMonotonic: Int64 = ReplayClock.monotonicNow(),
                startEpoch: Int64 = ReplayClock.epochNow()) {
        self.startMonotonic = startMonotonic
        self.startEpoch = startEpoch
        self.captureStart = captureStart
        self.speed = speed
    }

    /// When something that happened at `captureTime` in production is due, on the monotonic clock;
    /// nil at `--speed max` (due as soon as possible).
    public func due(captureTime: Int64) -> Int64? {
        speed.scaled(max(0, captureTime - captureStart)).map { startMonotonic + $0 }
    }

    /// Wall-clock time of a monotonic instant.
    public func epoch(_ monotonic: Int64) -> Int64 { startEpoch + (monotonic - startMonotonic) }

    public static func monotonicNow() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    public static func epochNow() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
