import Testing

/// Gives a suite one `SharedClusters` pool for all its tests and stops its clusters when the suite ends.
public struct SharedClustersTrait: SuiteTrait, TestScoping {
    public var isRecursive: Bool { false }

    public func scopeProvider(for test: Test, testCase: Test.Case?) -> SharedClustersTrait? {
        test.isSuite ? self : nil
    }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        let pool = SharedClusters()
        defer { pool.stopAll() }
        try await SharedClusters.$current.withValue(pool) { try await function() }
    }
}

extension Trait where Self == SharedClustersTrait {
    /// Shares throwaway clusters between the tests of the suite.
    public static var sharedClusters: SharedClustersTrait { SharedClustersTrait() }
}
