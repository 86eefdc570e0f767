import Capture
import Dispatch
import Synchronization
import Workload

/// Carries a live recording's stop signal and its final result from the thread that runs it (a
/// `LiveRecording` is not Sendable, so it is created, run and released on that thread) to the test.
final class RecordingHandoff: Sendable {
    private struct State {
        var signal: LiveCaptureStopSignal?
        var result: Result<ImportSummary, any Error>?
    }

    private let state = Mutex(State())
    private let started = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// Called on the recording thread once the capture is active (packets are buffered from now on).
    func didStart(_ signal: LiveCaptureStopSignal) {
        state.withLock { $0.signal = signal }
        started.signal()
    }

    /// Called on the recording thread when `run()` returned or the recording could not start.
    func didFinish(_ result: Result<ImportSummary, any Error>) {
        let neverStarted = state.withLock { state in
            state.result = result
            return state.signal == nil
        }
        if neverStarted { started.signal() }
        finished.signal()
    }

    /// Waits until the capture is active; throws why it could not start.
    func waitUntilStarted() throws -> LiveCaptureStopSignal {
        guard started.wait(timeout: .now() + 30) == .success else {
            throw LiveTestFailure("the live recording did not start within 30 s")
        }
        return try state.withLock { state in
            if let signal = state.signal { return signal }
            if case .failure(let error) = state.result { throw error }
            throw LiveTestFailure("the live recording ended before it started")
        }
    }

    /// Waits for `run()` to return after a stop and hands over its summary (or its error).
    func waitUntilFinished() throws -> ImportSummary {
        guard finished.wait(timeout: .now() + 30) == .success else {
            throw LiveTestFailure("the live recording did not stop within 30 s of its stop signal")
        }
        guard let result = state.withLock({ $0.result }) else {
            throw LiveTestFailure("the live recording finished without a result")
        }
        return try result.get()
    }
}
