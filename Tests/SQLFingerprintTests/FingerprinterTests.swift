import TestSupport
import Testing
@testable import SQLFingerprint

@Suite struct FingerprinterTests {
    @Test func constantsAndParametersShareAFingerprint() throws {
        var fingerprinter = Fingerprinter()
        let literal = try #require(fingerprinter.fingerprint("SELECT * FROM t WHERE id = 42").fingerprint)
        let parameter = try #require(fingerprinter.fingerprint("SELECT * FROM t WHERE id=$1").fingerprint)
        let list = try #require(fingerprinter.fingerprint("SELECT * FROM t WHERE id IN (1,2,3)").fingerprint)
        #expect(literal == parameter)
        #expect(literal == list)
    }

    @Test func differentTablesHaveDifferentFingerprints() throws {
        var fingerprinter = Fingerprinter()
        let first = try #require(fingerprinter.fingerprint("SELECT * FROM t WHERE id = 42").fingerprint)
        let second = try #require(fingerprinter.fingerprint("SELECT * FROM u WHERE id = 42").fingerprint)
        let third = try #require(fingerprinter.fingerprint("SELECT * FROM t1 WHERE id = 42").fingerprint)
        #expect(first != second)
        #expect(first != third)
    }

    @Test func normalizedTextReplacesConstants() {
        var fingerprinter = Fingerprinter()
        #expect(fingerprinter.fingerprint("SELECT * FROM t WHERE id = 42").normalizedText == "SELECT * FROM t WHERE id = $1")
        // Constants are numbered after the highest parameter already present.
        #expect(fingerprinter.fingerprint("SELECT 1, $2, 'x'").normalizedText == "SELECT $3, $2, $4")
    }

    @Test func unparseableTextHasNoFingerprint() {
        var fingerprinter = Fingerprinter()
        for _ in 0..<2 {  // the second time exercises the cache path
            let result = fingerprinter.fingerprint("SELECT * FORM   t")
            #expect(result.fingerprint == nil)
            #expect(result.parseError?.contains("syntax error") == true)
            #expect(result.parseError?.contains("at character 10") == true)
            #expect(result.normalizedText == "SELECT * FORM t")
        }
    }

    @Test func numericTrailingJunkIsAParseErrorInPostgres15() {
        var fingerprinter = Fingerprinter()
        let result = fingerprinter.fingerprint("SELECT 0x1F")
        #expect(result.fingerprint == nil)
        #expect(result.parseError?.contains("trailing junk") == true)
    }

    @Test func nulByteIsReportedNotTruncated() {
        var fingerprinter = Fingerprinter()
        let result = fingerprinter.fingerprint("SELECT 1\u{0}; DROP TABLE t")
        #expect(result.fingerprint == nil)
        #expect(result.parseError?.contains("NUL") == true)
    }

    @Test func hexMatchesLibpgQueryFormat() {
        #expect(StatementFingerprint(value: 0x0a42_922f_ab0b_d73f).hex == "0a42922fab0bd73f")
        #expect(StatementFingerprint(value: 0).hex == "0000000000000000")
        #expect(StatementFingerprint(value: .max).hex == "ffffffffffffffff")
    }

    @Test func valueSensitiveLiteralsAreNeverServedFromTheCache() throws {
        // FETCH counts, file names and role passwords are part of the fingerprint (the last
        // is even replaced by pg_query_normalize): same scanner key, different answers.
        let groups = [
            ["FETCH 5 FROM c", "FETCH 6 FROM c", "FETCH 1000 FROM c"],
            ["SELECT 1::float(10)", "SELECT 1::float(30)"],
            ["DO $$BEGIN PERFORM 1; END$$", "DO $$BEGIN PERFORM 2; END$$"],
            ["COPY t FROM '/tmp/a'", "COPY t FROM '/tmp/b'"],
            ["SELECT a @<-1", "SELECT a @<-2", "SELECT a @<5"],
            ["CREATE ROLE r PASSWORD 'a'", "CREATE ROLE r PASSWORD 'b'"],
            ["ALTER ROLE r PASSWORD 'a'", "ALTER ROLE r PASSWORD 'b'"],
        ]
        for group in groups {
            var fingerprinter = Fingerprinter()
            for _ in 0..<2 {
                for text in group {
                    #expect(fingerprinter.fingerprint(text) == Fingerprinter.uncachedFingerprint(text), "\(text)")
                }
            }
        }
    }

    @Test func pgbenchWorkloadIsServedFromTheCacheWithIdenticalAnswers() {
        var random = SplitMix64(seed: 42)
        var fingerprinter = Fingerprinter()
        let corpus = (0..<1_000).map { _ in StatementCorpus.pgbenchStatement(using: &random) }
        for text in corpus {
            let cached = fingerprinter.fingerprint(text)
            #expect(cached == Fingerprinter.uncachedFingerprint(text), "\(text)")
        }
        // Five statement templates, delta signs and literal kinds: a handful of shapes.
        #expect(fingerprinter.cacheHits > 950)
    }

    @Test func cachedAnswersEqualUncachedAnswersForAMixedCorpus() {
        var random = SplitMix64(seed: 7)
        let corpus = StatementCorpus.mixed(count: 600, using: &random)
        #expect(corpus.count >= 200)
        var fingerprinter = Fingerprinter()
        for text in corpus {
            #expect(fingerprinter.fingerprint(text) == Fingerprinter.uncachedFingerprint(text), "\(text)")
        }
        #expect(fingerprinter.cacheHits > 0)
    }

    @Test func cacheCapacityBoundsAndClearsTheCache() {
        var fingerprinter = Fingerprinter(cacheCapacity: 3)
        for table in 0..<10 {
            let text = "SELECT * FROM table_\(table) WHERE id = \(table)"
            #expect(fingerprinter.fingerprint(text) == Fingerprinter.uncachedFingerprint(text))
        }
        let repeated = "SELECT * FROM table_9 WHERE id = 12345"
        #expect(fingerprinter.fingerprint(repeated) == Fingerprinter.uncachedFingerprint(repeated))
        #expect(fingerprinter.cacheHits == 1)
    }

    @Test func disabledCacheStillAnswers() {
        var fingerprinter = Fingerprinter(cacheCapacity: 0)
        let text = "SELECT abalance FROM pgbench_accounts WHERE aid = 7"
        #expect(fingerprinter.fingerprint(text) == Fingerprinter.uncachedFingerprint(text))
        #expect(fingerprinter.fingerprint(text).fingerprint != nil)
        #expect(fingerprinter.cacheHits == 0)
    }
}
