import Foundation
import Testing
@testable import RunFile
import Workload

/// Large run files stream through bounded buffers.
@Suite struct RunFileMemoryTests {
    @Test func readerAndWriterMemoryStaysBoundedOver200kOutcomes() throws {
        let directory = try RunFileSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/large.pgr"
        let count = 200_000
        let bigMessage = String(repeating: "m", count: 3 << 20)  // one 3 MiB error message
        let clock = ContinuousClock()
        let writeStart = clock.now
        let writer = try RunWriter(path: path, header: RunFileSamples.header)
        var maximumWriterBuffer = 0
        for index in 1...count {
            var outcome = ReplayOutcome(
                session: UInt32(index % 64), sequence: UInt32(index), fingerprint: 0x1234_5678_9ABC_DEF0,
                status: .executed, scheduledAt: RunFileSamples.start + Int64(index) * 1_000,
                sentAt: RunFileSamples.start + Int64(index) * 1_000 + 30,
                completedAt: RunFileSamples.start + Int64(index) * 1_000 + 420,
                commandTags: ["SELECT 1"], rows: 1, dataRows: 1, transactionStatus: 0x49,
                orderedChecksum: UInt64(index), unorderedChecksum: UInt64(index) &* 31)
            if index == count / 2 {
                outcome.error = ErrorInfo(fields: [ErrorField(code: 0x4D, value: bigMessage)])
            }
            try writer.write(outcome)
            maximumWriterBuffer = max(maximumWriterBuffer, writer.bufferCapacity)
        }
        try writer.finish(trailer: RunTrailer(endedAt: RunFileSamples.start, outcomes: 0))
        let writeTime = clock.now - writeStart
        #expect(maximumWriterBuffer <= 8 * (1 << 20))

        let readStart = clock.now
        let reader = try RunReader(path: path)
        var read = 0
        var maximumReaderBuffer = 0
        var sawBigMessage = false
        while let outcome = try reader.next() {
            read += 1
            maximumReaderBuffer = max(maximumReaderBuffer, reader.bufferSize)
            if outcome.sequence != UInt32(read) || outcome.orderedChecksum != UInt64(read) {
                Issue.record("outcome \(read) read back wrong")
                break
            }
            if read == count / 2 {
                sawBigMessage = outcome.error?.message == bigMessage
            }
        }
        let readTime = clock.now - readStart
        #expect(read == count)
        #expect(sawBigMessage)
        #expect(reader.sawTrailer)
        #expect(reader.trailer?.outcomes == UInt64(count))
        // One buffer: 1 MiB, or one record when a record is larger, then back to 1 MiB.
        #expect(maximumReaderBuffer <= bigMessage.utf8.count + 4_096)
        #expect(reader.bufferSize <= 4 * (1 << 20))
        print("run format: wrote \(count) outcomes in \(writeTime), read them in \(readTime)")
    }
}
