import PGWire
import Testing
@testable import Workload

/// The assembler matches replies to requests exactly as the server answers them.
@Suite struct RequestAssemblerTests {
    /// Drives an assembler with a script of messages at increasing times and collects the requests.
    struct Script {
        var assembler = RequestAssembler(session: 7)
        var time: Int64 = 1_000
        var requests: [Request] = []

        /// Sends each message as the client would, through the decoder's borrowed form of it.
        mutating func client(_ messages: FrontendMessage...) {
            for message in messages {
                time += 10
                let (letter, body) = WireMessageEncoder.frontend(message)!
                body.withUnsafeBytes { raw in
                    let borrowed = try! BorrowedFrontendMessage(typeLetter: letter, body: raw)
                    assembler.frontend(borrowed, at: time) { requests.append(Request($0)) }
                }
            }
        }

        /// Sends each message as the server would, through the decoder's borrowed form of it.
        mutating func server(_ messages: BackendMessage...) {
            for message in messages {
                time += 10
                let (letter, body) = WireMessageEncoder.backend(message)!
                body.withUnsafeBytes { raw in
                    let borrowed = try! BorrowedBackendMessage(typeLetter: letter, body: raw)
                    assembler.backend(borrowed, at: time) { requests.append(Request($0)) }
                }
            }
        }

        mutating func end() -> [Request] {
            assembler.finish(at: time + 1) { requests.append(Request($0)) }
            return requests
        }
    }

    static func error(_ sqlstate: String) -> ErrorFields {
        ErrorFields(fields: [(UInt8(ascii: "S"), "ERROR"), (UInt8(ascii: "C"), sqlstate), (UInt8(ascii: "M"), "boom")])
    }

    @Test func simpleQueryWithSeveralStatements() {
        var script = Script()
        script.client(.query("BEGIN; SELECT 1; COMMIT"))
        script.server(.commandComplete(tag: "BEGIN"), .rowDescription([]), .dataRow(columnCount: 1),
                      .commandComplete(tag: "SELECT 1"), .commandComplete(tag: "COMMIT"), .readyForQuery(.idle))
        let requests = script.end()
        #expect(requests.count == 1)
        let request = requests[0]
        #expect(request.kind == .query)
        #expect(request.session == 7 && request.sequence == 1)
        #expect(request.text == "BEGIN; SELECT 1; COMMIT")
        #expect(request.outcome.commandTags == ["BEGIN", "SELECT 1", "COMMIT"])
        #expect(request.outcome.rows == 1 && request.outcome.dataRows == 1)
        #expect(request.outcome.transactionStatus == UInt8(ascii: "I"))
        #expect(request.sentAt == 1_010 && request.firstReplyAt == 1_020 && request.completedAt == 1_070)
        #expect(!request.flags.contains(.incomplete))
    }

    @Test func extendedQueryWithNamedStatementAndBinaryParameters() throws {
        var script = Script()
        script.client(.parse(Parse(statementName: "s1", query: "SELECT $1::int", parameterTypeOIDs: [23])), .sync)
        script.server(.parseComplete, .readyForQuery(.idle))
        script.client(.bind(Bind(portalName: "", statementName: "s1", parameterFormats: [1], parameters: [[0, 0, 0, 5]], resultFormats: [1])),
                      .describe(kind: .portal, name: ""), .execute(portalName: "", maxRows: 0), .sync)
        script.server(.bindComplete, .rowDescription([]), .dataRow(columnCount: 1), .commandComplete(tag: "SELECT 1"), .readyForQuery(.idle))
        let requests = script.end()
        try #require(requests.map(\.kind) == [.prepare, .execute])
        #expect(requests[0].statementName == "s1" && requests[0].text == "SELECT $1::int" && requests[0].parameterTypeOIDs == [23])
        let execute = requests[1]
        #expect(execute.text == "SELECT $1::int")
        #expect(execute.statementName == "s1")
        #expect(execute.parameterTypeOIDs == [23])
        #expect(execute.parameterFormats == [1])
        #expect(execute.parameters == [[0, 0, 0, 5]])
        #expect(execute.resultFormats == [1])
        #expect(execute.flags.contains(.describedPortal))
        #expect(execute.outcome.commandTags == ["SELECT 1"] && execute.outcome.rows == 1)
        #expect(execute.outcome.transactionStatus == UInt8(ascii: "I"))
    }

    @Test func errorDiscardsTheRestOfThePipelineUpToSync() throws {
        var script = Script()
        script.client(.parse(Parse(statementName: "", query: "INSERT INTO t VALUES (1)", parameterTypeOIDs: [])),
                      .bind(Bind(portalName: "", statementName: "", parameterFormats: [], parameters: [], resultFormats: [])),
                      .execute(portalName: "", maxRows: 0),
                      .parse(Parse(statementName: "", query: "SELECT 2", parameterTypeOIDs: [])),
                      .bind(Bind(portalName: "", statementName: "", parameterFormats: [], parameters: [], resultFormats: [])),
                      .execute(portalName: "", maxRows: 0),
                      .sync,
                      .query("SELECT 3"))
        script.server(.parseComplete, .bindComplete, .errorResponse(Self.error("23505")), .readyForQuery(.idle),
                      .rowDescription([]), .dataRow(columnCount: 1), .commandComplete(tag: "SELECT 1"), .readyForQuery(.idle))
        let requests = script.end()
        try #require(requests.count == 3)
        #expect(requests[0].outcome.error?.sqlState == "23505")
        #expect(requests[0].outcome.commandTags.isEmpty)
        #expect(requests[1].flags.contains(.notExecuted))
        #expect(requests[1].outcome.error == nil)
        #expect(requests[2].text == "SELECT 3" && requests[2].outcome.commandTags == ["SELECT 1"])
        #expect(requests[2].flags.contains(.pipelined))
    }

    @Test func errorAtParseGoesToTheExecuteThatNeededIt() {
        var script = Script()
        script.client(.parse(Parse(statementName: "", query: "SELEC 1", parameterTypeOIDs: [])),
                      .bind(Bind(portalName: "", statementName: "", parameterFormats: [], parameters: [], resultFormats: [])),
                      .execute(portalName: "", maxRows: 0), .sync)
        script.server(.errorResponse(Self.error("42601")), .readyForQuery(.idle))
        let requests = script.end()
        #expect(requests.count == 1)
        #expect(requests[0].outcome.error?.sqlState == "42601")
        #expect(requests[0].text == "SELEC 1")
    }

    @Test func errorArrivingBeforeTheClientFinishedTheGroup() {
        var script = Script()
        script.client(.parse(Parse(statementName: "", query: "SELEC 1", parameterTypeOIDs: [])))
        script.server(.errorResponse(Self.error("42601")))
        script.client(.bind(Bind(portalName: "", statementName: "", parameterFormats: [], parameters: [], resultFormats: [])),
                      .execute(portalName: "", maxRows: 0), .sync)
        script.server(.readyForQuery(.idle))
        let requests = script.end()
        #expect(requests.count == 1)
        #expect(requests[0].outcome.error?.sqlState == "42601")
        #expect(script.assembler.counters.unmatchedReplies == 0)
    }

    @Test func copyFromStdinKeepsTheData() {
        var script = Script()
        script.client(.query("COPY t FROM STDIN"))
        script.server(.copyInResponse(CopyResponse(overallFormat: 0, columnFormats: [0])))
        script.client(.copyData(Array("1\n".utf8)), .copyData(Array("2\n".utf8)), .copyDone)
        script.server(.commandComplete(tag: "COPY 2"), .readyForQuery(.idle))
        let requests = script.end()
        #expect(requests.count == 1)
        #expect(requests[0].copyData == Array("1\n2\n".utf8))
        #expect(requests[0].outcome.rows == 2)
    }

    @Test func copyToStdoutCountsRowsFromTheTag() {
        var script = Script()
        script.client(.query("COPY t TO STDOUT"))
        script.server(.copyOutResponse(CopyResponse(overallFormat: 0, columnFormats: [0])), .copyData(byteCount: 2),
                      .copyData(byteCount: 2), .copyDone, .commandComplete(tag: "COPY 2"), .readyForQuery(.idle))
        let requests = script.end()
        #expect(requests.count == 1 && requests[0].outcome.rows == 2 && requests[0].copyData == nil)
    }

    @Test func errorInsideATransactionIsKeptWithTheFailedStatus() {
        var script = Script()
        script.client(.query("BEGIN"))
        script.server(.commandComplete(tag: "BEGIN"), .readyForQuery(.inTransaction))
        script.client(.query("SELECT nope"))
        script.server(.errorResponse(Self.error("42703")), .readyForQuery(.failed))
        script.client(.query("ROLLBACK"))
        script.server(.commandComplete(tag: "ROLLBACK"), .readyForQuery(.idle))
        let requests = script.end()
        #expect(requests.map { $0.outcome.transactionStatus.map { Character(UnicodeScalar($0)) } } == ["T", "E", "I"])
        #expect(requests[1].outcome.error?.sqlState == "42703")
        #expect(requests.map(\.sequence) == [1, 2, 3])
    }

    @Test func unansweredRequestsAreMarkedIncompleteAtTheEnd() {
        var script = Script()
        script.client(.query("SELECT pg_sleep(10)"))
        let requests = script.end()
        #expect(requests.count == 1 && requests[0].flags.contains(.incomplete) && requests[0].completedAt == nil)
    }

    @Test func bindOfAStatementPreparedBeforeTheCapture() {
        var script = Script()
        script.client(.bind(Bind(portalName: "", statementName: "_pg3_0", parameterFormats: [0], parameters: [Array("4".utf8)], resultFormats: [])),
                      .execute(portalName: "", maxRows: 0), .sync)
        script.server(.bindComplete, .dataRow(columnCount: 1), .commandComplete(tag: "SELECT 1"), .readyForQuery(.inTransaction))
        let requests = script.end()
        #expect(requests.count == 1)
        #expect(requests[0].text == nil && requests[0].statementName == "_pg3_0")
        #expect(requests[0].flags.contains(.statementPreparedBeforeCapture))
        #expect(script.assembler.counters.bindsOfUnknownStatements == 1)
    }

    @Test func rowLimitAndPortalSuspended() throws {
        var script = Script()
        script.client(.parse(Parse(statementName: "", query: "SELECT * FROM t", parameterTypeOIDs: [])),
                      .bind(Bind(portalName: "c1", statementName: "", parameterFormats: [], parameters: [], resultFormats: [])),
                      .execute(portalName: "c1", maxRows: 2), .execute(portalName: "c1", maxRows: 2), .sync)
        script.server(.parseComplete, .bindComplete, .dataRow(columnCount: 1), .dataRow(columnCount: 1), .portalSuspended,
                      .dataRow(columnCount: 1), .commandComplete(tag: "SELECT 1"), .readyForQuery(.idle))
        let requests = script.end()
        try #require(requests.count == 2)
        #expect(requests[0].outcome.suspended && requests[0].rowLimit == 2 && requests[0].portalName == "c1")
        #expect(requests[1].outcome.commandTags == ["SELECT 1"])
    }

    @Test func executesSharingOneSyncArePipelined() throws {
        var script = Script()
        let bind = FrontendMessage.bind(Bind(portalName: "", statementName: "", parameterFormats: [], parameters: [], resultFormats: []))
        script.client(.parse(Parse(statementName: "", query: "SELECT 1", parameterTypeOIDs: [])), bind, .execute(portalName: "", maxRows: 0),
                      .parse(Parse(statementName: "", query: "SELECT 2", parameterTypeOIDs: [])), bind, .execute(portalName: "", maxRows: 0),
                      .sync)
        script.server(.parseComplete, .bindComplete, .dataRow(columnCount: 1), .commandComplete(tag: "SELECT 1"),
                      .parseComplete, .bindComplete, .dataRow(columnCount: 1), .commandComplete(tag: "SELECT 1"),
                      .readyForQuery(.idle))
        let requests = script.end()
        try #require(requests.count == 2)
        #expect(!requests[0].flags.contains(.pipelined))
        #expect(requests[1].flags.contains(.pipelined))
        #expect(requests.map(\.text) == ["SELECT 1", "SELECT 2"])
        #expect(requests.allSatisfy { $0.outcome.commandTags == ["SELECT 1"] && $0.outcome.transactionStatus == UInt8(ascii: "I") })
    }

    @Test func rowCountsFromCommandTags() {
        #expect(CommandTag.rowCount(fromTag: "INSERT 0 5") == 5)
        #expect(CommandTag.rowCount(fromTag: "SELECT 3") == 3)
        #expect(CommandTag.rowCount(fromTag: "BEGIN") == 0)
        #expect(CommandTag.rowCount(fromTag: "TRUNCATE TABLE") == 0)
        #expect(CommandTag.rowCount(fromTag: "UPDATE 99999999999999999999999") == 0)
        let edgeCases: [(String, UInt64)] = [
            ("UPDATE 18446744073709551615", .max), ("UPDATE 18446744073709551616", 0), ("CREATE TABLE", 0), ("", 0),
            (" ", 0), ("SELECT ", 0), ("SELECT 1x", 0), ("COPY 42", 42), ("MOVE 3", 3), ("x 007", 7),
        ]
        for (tag, rows) in edgeCases {
            #expect(CommandTag.rowCount(fromTag: tag) == rows, "\(tag)")
            #expect(Array(tag.utf8).withUnsafeBytes { CommandTag.rowCount(fromTag: $0) } == rows, "\(tag) as bytes")
        }
        #expect(ImportSummary.command(ofTag: "INSERT 0 1") == "INSERT")
        #expect(ImportSummary.command(ofTag: "TRUNCATE TABLE") == "TRUNCATE TABLE")
    }
}
