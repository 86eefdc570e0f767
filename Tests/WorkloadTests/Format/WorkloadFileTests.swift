import Foundation
import Testing
@testable import Workload

/// The writer and reader on real files: permissions, errors, and streaming many records.
@Suite(.serialized) struct WorkloadFileTests {
    private static func temporaryPath(_ name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pgrehearse-format-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    private static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func fileRoundTripsThroughWriterAndReader() throws {
        let path = try Self.temporaryPath("round.pgw")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try WorkloadWriter(path: path, header: WorkloadFormatSamples.header)
        for record in WorkloadFormatSamples.records {
            try writer.write(record)
        }
        try writer.close()
        try writer.close()

        let reader = try WorkloadReader(path: path)
        #expect(reader.header == WorkloadFormatSamples.header)
        var records: [WorkloadRecord] = []
        while let record = try reader.next() {
            records.append(record)
        }
        #expect(records == WorkloadFormatSamples.records)
        #expect(reader.sawTrailer)
        #expect(reader.trailer != nil)
        #expect(try reader.next() == nil)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber
        #expect(reader.offset == size?.uint64Value)
        #expect(writer.bytesWritten == size?.uint64Value)
    }

    @Test func createdOwnerOnlyEvenWithPermissiveUmask() throws {
        let path = try Self.temporaryPath("private.pgw")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let previous = umask(0)
        let writer: WorkloadWriter
        do {
            writer = try WorkloadWriter(path: path, header: WorkloadFormatSamples.header)
            umask(previous)
        } catch {
            umask(previous)
            throw error
        }
        try writer.close()
        #expect(try Self.mode(path) == 0o600)
    }

    @Test func existingWorldReadableFileBecomesOwnerOnly() throws {
        let path = try Self.temporaryPath("existing.pgw")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x41, count: 10_000),
                                               attributes: [.posixPermissions: 0o666]))
        #expect(try Self.mode(path) == 0o666)
        let writer = try WorkloadWriter(path: path, header: WorkloadFormatSamples.header)
        try writer.write(.trailer(WorkloadTrailer()))
        try writer.close()
        #expect(try Self.mode(path) == 0o600)
        let decoded = try WorkloadFormatSamples.readAll(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(decoded.records == [.trailer(WorkloadTrailer())])
    }

    /// An existing plain file is replaced by a new one (a new inode), not truncated in place.
    @Test func anExistingFileIsReplacedByANewOne() throws {
        let path = try Self.temporaryPath("replaced.pgw")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x41, count: 10_000)))
        // Held open, the old file lives on (and keeps its inode number from being reused).
        let old = try #require(FileHandle(forReadingAtPath: path))
        defer { try? old.close() }
        let before = try Self.inode(path)
        let writer = try WorkloadWriter(path: path, header: WorkloadFormatSamples.header)
        try writer.write(.trailer(WorkloadTrailer()))
        try writer.close()
        #expect(try Self.inode(path) != before)
        #expect(try old.readToEnd() == Data(repeating: 0x41, count: 10_000), "the old file was truncated in place")
        let decoded = try WorkloadFormatSamples.readAll(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(decoded.records == [.trailer(WorkloadTrailer())])
    }

    /// Through a symlink the target is written, and the link stays a link.
    @Test func aSymlinkIsWrittenThrough() throws {
        let target = try Self.temporaryPath("target.pgw")
        let link = try Self.temporaryPath("link.pgw")
        defer {
            try? FileManager.default.removeItem(atPath: link)
            try? FileManager.default.removeItem(atPath: target)
        }
        #expect(FileManager.default.createFile(atPath: target, contents: Data(repeating: 0x41, count: 100)))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let writer = try WorkloadWriter(path: link, header: WorkloadFormatSamples.header)
        try writer.write(.trailer(WorkloadTrailer()))
        try writer.close()
        let attributes = try FileManager.default.attributesOfItem(atPath: link)
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink)
        let decoded = try WorkloadFormatSamples.readAll(Array(try Data(contentsOf: URL(fileURLWithPath: target))))
        #expect(decoded.records == [.trailer(WorkloadTrailer())])
    }

    private static func inode(_ path: String) throws -> UInt64 {
        var status = stat()
        try #require(lstat(path, &status) == 0)
        return UInt64(status.st_ino)
    }

    @Test func cannotCreateNamesPathAndReason() {
        let path = "/nonexistent-directory-\(UUID().uuidString)/w.pgw"
        #expect(throws: WorkloadFormatError.cannotCreate(path: path, reason: "No such file or directory")) {
            _ = try WorkloadWriter(path: path, header: WorkloadFormatSamples.header)
        }
    }

    @Test func cannotOpenNamesPathAndReason() {
        let path = "/nonexistent-\(UUID().uuidString).pgw"
        let error = #expect(throws: WorkloadFormatError.self) { _ = try WorkloadReader(path: path) }
        #expect(error?.description == "cannot open workload file \(path): No such file or directory")
    }

    @Test func readingADirectoryFailsClearly() throws {
        let path = try Self.temporaryPath("dir")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let error = #expect(throws: WorkloadFormatError.self) { _ = try WorkloadReader(path: path) }
        #expect(error == .readFailed(path: path, reason: "Is a directory"))
    }

    @Test func noRecordAfterTrailerOrClose() throws {
        let path = try Self.temporaryPath("order.pgw")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try WorkloadWriter(path: path, header: WorkloadFormatSamples.header)
        try writer.write(.trailer(WorkloadTrailer()))
        #expect(throws: WorkloadFormatError.writeFailed(path: path, reason: "no record may follow the trailer")) {
            try writer.write(.request(WorkloadFormatSamples.minimalRequest))
        }
        try writer.close()
        #expect(throws: WorkloadFormatError.writeFailed(path: path, reason: "the writer is already closed")) {
            try writer.write(.request(WorkloadFormatSamples.minimalRequest))
        }
    }

    @Test func fileWithoutTrailerEndsCleanlyButIncomplete() throws {
        let path = try Self.temporaryPath("cut.pgw")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let writer = try WorkloadWriter(path: path, header: WorkloadFormatSamples.header)
            try writer.write(.request(WorkloadFormatSamples.minimalRequest))
            try writer.close()
        }
        let reader = try WorkloadReader(path: path)
        #expect(try reader.next() == .request(WorkloadFormatSamples.minimalRequest))
        #expect(try reader.next() == nil)
        #expect(!reader.sawTrailer)
    }

    @Test func writeErrorIsReported() throws {
        // /dev/full accepts open(2) but fails every write with ENOSPC.
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let writer = try WorkloadWriter(path: "/dev/full", header: WorkloadFormatSamples.header)
        #expect(throws: WorkloadFormatError.writeFailed(path: "/dev/full", reason: "No space left on device")) {
            try writer.close()
        }
    }

    /// 200,000 requests (plus large records in between) stream through bounded buffers.
    @Test func streamingManyRequestsKeepsBuffersBounded() throws {
        let path = try Self.temporaryPath("large.pgw")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let count = 200_000
        let bigCopy = [UInt8](repeating: 0x5A, count: 6 << 20)
        let clock = ContinuousClock()
        let writeStart = clock.now
        let writer = try WorkloadWriter(path: path, header: WorkloadFormatSamples.header)
        var maximumWriterBuffer = 0
        try writer.write(.sessionStart(SessionStart(session: 1, startedAt: 0, client: "c", server: "s")))
        for sequence in 1...count {
            var request = Request(
                session: 1, sequence: UInt32(sequence), kind: .execute,
                sentAt: 1_732_531_200_000_000_000 + Int64(sequence) * 1_000,
                firstReplyAt: 1_732_531_200_000_000_000 + Int64(sequence) * 1_000 + 150,
                completedAt: 1_732_531_200_000_000_000 + Int64(sequence) * 1_000 + 420,
                text: "SELECT abalance FROM pgbench_accounts WHERE aid = $1",
                parameterTypeOIDs: [23], parameterFormats: [0], parameters: [Array(String(sequence).utf8)],
                fingerprint: 0x1234_5678_9ABC_DEF0,
                outcome: Outcome(commandTags: ["SELECT 1"], rows: 1, dataRows: 1, transactionStatus: 0x49))
            if sequence % 50_000 == 0 {
                request.copyData = bigCopy
            }
            try writer.write(.request(request))
            maximumWriterBuffer = max(maximumWriterBuffer, writer.bufferCapacity)
        }
        try writer.write(.trailer(WorkloadTrailer(requests: UInt64(count))))
        try writer.close()
        let writeTime = clock.now - writeStart
        // A large record grows the buffer only until it is flushed, right away.
        #expect(maximumWriterBuffer <= 4 * (1 << 20))

        let readStart = clock.now
        let reader = try WorkloadReader(path: path)
        var requests = 0
        var maximumReaderBuffer = 0
        var sawLargeRecord = false
        while let record = try reader.next() {
            maximumReaderBuffer = max(maximumReaderBuffer, reader.bufferSize)
            guard case .request(let request) = record else { continue }
            requests += 1
            #expect(request.sequence == UInt32(requests))
            if requests % 50_000 == 0 {
                #expect(request.copyData == bigCopy)
                sawLargeRecord = true
            } else if request.parameters.first != .some(Array(String(requests).utf8)) {
                Issue.record("request \(requests) read back wrong")
                break
            }
        }
        let readTime = clock.now - readStart
        #expect(requests == count)
        #expect(sawLargeRecord)
        #expect(reader.sawTrailer)
        #expect(maximumReaderBuffer <= bigCopy.count + 4_096)  // one record at most
        #expect(reader.bufferSize <= 4 * (1 << 20))
        print("workload format: wrote \(count) requests in \(writeTime), read them in \(readTime)")
    }
}
