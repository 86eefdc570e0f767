import Dispatch
import Foundation
import Replay

/// The replay's progress on a terminal, redrawn once a second on standard error: requests done of
/// the total, rate, errors, how far sends lag behind the schedule (and how much of that is the replayer's
/// own), and the time left.
final class ProgressLine {
    private let replayer: Replayer
    private let timer: DispatchSourceTimer

    init(replayer: Replayer) {
        self.replayer = replayer
        timer = DispatchSource.makeTimerSource(queue: .global())
    }

    func start() {
        let replayer = replayer
        let started = ReplayClock.monotonicNow()
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { Self.draw(replayer, started: started) }
        timer.resume()
    }

    func stop() {
        timer.cancel()
        StandardError.write("\r\u{1B}[K")
    }

    private static func draw(_ replayer: Replayer, started: Int64) {
        let shared = replayer.shared
        let done = shared.completed.load(ordering: .relaxed)
        let errors = shared.errors.load(ordering: .relaxed)
        let lag = shared.recentLag.exchange(0, ordering: .relaxed)
        let replayerLag = shared.recentReplayerLag.exchange(0, ordering: .relaxed)
        let total = Int(replayer.plan.requests)
        let elapsed = Double(ReplayClock.monotonicNow() - started) / 1e9
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let left: Double
        switch replayer.options.speed {
        case .max:
            left = rate > 0 ? Double(total - done) / rate : 0
        case .factor(let factor):
            let scheduled = Double(replayer.plan.captureEnd - replayer.plan.captureStart) / 1e9 / factor
            left = max(0, scheduled - elapsed)
        }
        let percent = total > 0 ? Double(done) / Double(total) * 100 : 100
        let line = String(format: "%d/%d requests (%.0f%%), %.0f/s, %d errors, lag %.1f ms (own %.1f ms), ETA %@",
                          done, total, percent, rate, errors, Double(lag) / 1e6, Double(replayerLag) / 1e6, clock(left))
            + (shared.stopLevelValue > 0 ? " — stopping" : "")
        StandardError.write("\r\u{1B}[K" + line)
    }

    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600
            ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
            : String(format: "%d:%02d", total / 60, total % 60)
    }
}
