/// The result of running a program to completion.
public struct ProcessOutput: Sendable, Hashable {
    /// The program and its arguments, for messages.
    public var command: [String]
    /// The exit status; 128 + signal number when the program was killed by a signal.
    public var exitCode: Int32
    public var standardOutput: String
    public var standardError: String

    public init(command: [String], exitCode: Int32, standardOutput: String, standardError: String) {
        self.command = command
        self.exitCode = exitCode
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    public var succeeded: Bool { exitCode == 0 }

    /// Throws `LocalPostgresError.commandFailed` (with stderr and stdout) unless the program succeeded.
    @discardableResult
    public func check() throws(LocalPostgresError) -> ProcessOutput {
        guard succeeded else {
            let output = [standardError, standardOutput].filter { !$0.isEmpty }.joined(separator: "\n")
            throw .commandFailed(command: command.joined(separator: " "), exitCode: exitCode, output: output)
        }
        return self
    }
}
