import Synchronization

/// Records a fixture the first time it is asked for and hands every later caller the same value (or the
/// same error): a recording takes seconds, and the tests that share it may ask concurrently.
public final class RecordedOnce<Value: Sendable>: Sendable {
    private let result = Mutex<Result<Value, any Error>?>(nil)
    private let record: @Sendable () throws -> Value

    public init(_ record: @escaping @Sendable () throws -> Value) {
        self.record = record
    }

    /// The recorded value; the first caller records it while later callers wait.
    public func value() throws -> Value {
        try result.withLock { result in
            if let result { return try result.get() }
            let recorded = Result { try record() }
            result = recorded
            return try recorded.get()
        }
    }
}
