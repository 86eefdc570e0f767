import Workload

/// `compare --show-values`: the literal statement and parameter values of the result-difference
/// examples, looked up in the workload file. Off by default because they are production data.
public enum ResultExampleValues {
    /// Fills `statementWithValues` of every example from the workload at `workloadPath` (one pass,
    /// stops as soon as every example was found).
    public static func fill(_ examples: inout [ResultDifferenceExample], workloadPath: String) throws(ComparisonError) {
        guard !examples.isEmpty else { return }
        var wanted: [UInt64: [Int]] = [:]
        for (index, example) in examples.enumerated() {
            wanted[UInt64(example.session) << 32 | UInt64(example.sequence), default: []].append(index)
        }
        let reader: WorkloadReader
        do {
            reader = try WorkloadReader(path: workloadPath)
        } catch {
            throw .incompatibleRuns("--show-values needs the workload file: \(error)")
        }
        do {
            while !wanted.isEmpty, let record = try reader.next() {
                guard case .request(let request) = record else { continue }
                let key = UInt64(request.session) << 32 | UInt64(request.sequence)
                guard let indexes = wanted.removeValue(forKey: key) else { continue }
                let text = describe(request)
                for index in indexes { examples[index].statementWithValues = text }
            }
        } catch {
            throw .incompatibleRuns("--show-values could not read the workload file: \(error)")
        }
    }

    /// The statement text followed by its parameters, `$1 = 'text'`, `$2 = NULL`, `$3 = \x0102 (binary)`.
    static func describe(_ request: Request) -> String {
        var text = request.text ?? "(statement prepared before the capture: text unknown)"
        guard !request.parameters.isEmpty else { return text }
        let values = request.parameters.enumerated().map { index, value -> String in
            guard let value else { return "$\(index + 1) = NULL" }
            let format = request.parameterFormats.count == 1 ? request.parameterFormats[0]
                : index < request.parameterFormats.count ? request.parameterFormats[index] : 0
            if format == 0, let string = String(validating: value, as: UTF8.self) {
                return "$\(index + 1) = '" + string.replacingOccurrences(of: "'", with: "''") + "'"
            }
            return "$\(index + 1) = \\x" + value.map { byte in
                let digits = String(byte, radix: 16)
                return digits.count == 1 ? "0" + digits : digits
            }.joined() + " (binary)"
        }
        text += "\n-- parameters: " + values.joined(separator: ", ")
        return text
    }
}
