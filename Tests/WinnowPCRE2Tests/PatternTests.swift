import Foundation
import XCTest
@testable import WinnowPCRE2

final class PatternTests: XCTestCase {
    let scratch = MatchScratch()

    func testMatchesWithUnicodeAwareClasses() throws {
        let pattern = try Pattern(#"^\w+$"#)
        XCTAssertTrue(try pattern.matches("Straße", scratch: scratch))
        XCTAssertTrue(try pattern.matches("Łódź", scratch: scratch))
        XCTAssertFalse(try pattern.matches("two words", scratch: scratch))
    }

    func testCaseInsensitiveFoldsBeyondASCII() throws {
        let pattern = try Pattern("ÉTÉ", options: .caseInsensitive)
        XCTAssertTrue(try pattern.matches("un été chaud", scratch: scratch))
        XCTAssertFalse(try Pattern("ÉTÉ").matches("un été chaud", scratch: scratch))
    }

    func testInlineSourceCarriesOptions() throws {
        XCTAssertEqual(try Pattern("tags?:", options: .caseInsensitive).inlineSource, "(?i)tags?:")
        XCTAssertEqual(try Pattern("x").inlineSource, "x")
        XCTAssertEqual(try Pattern("tags?:", options: .caseInsensitive).standaloneSource, "(*UTF)(*UCP)(?i)tags?:")
    }

    func testCompileErrorNamesMessageAndOffset() {
        XCTAssertThrowsError(try Pattern("abc(def")) { error in
            let error = error as! PatternError
            XCTAssertEqual(error.offset, 7)
            XCTAssertTrue(error.message.contains("missing closing parenthesis"), error.message)
        }
    }

    func testGroupsReferredToStillCapture() throws {
        // Plain groups do not capture, unless the pattern refers to one by number or has names.
        XCTAssertEqual(try Pattern("(a|b)c(d)").captureCount, 0)
        let numbered = try Pattern(#"(a|b)\1"#)
        XCTAssertTrue(try numbered.matches("xbb", scratch: scratch))
        XCTAssertFalse(try numbered.matches("xab", scratch: scratch))
        XCTAssertTrue(try Pattern(#"^(ab)(?1)$"#).matches("abab", scratch: scratch))
        XCTAssertTrue(try Pattern(#"^(a)?(?(1)b|c)$"#).matches("c", scratch: scratch))
        // With names, \1 is still the first group as written, not the first named one.
        let named = try Pattern(#"(a)(?<n>b)\1"#)
        XCTAssertEqual(named.captureCount, 2)
        XCTAssertTrue(try named.matches("aba", scratch: scratch))
        XCTAssertFalse(try named.matches("abb", scratch: scratch))
        XCTAssertThrowsError(try Pattern(#"(a)\2"#)) { error in
            XCTAssertTrue((error as! PatternError).message.contains("non-existent"), (error as! PatternError).message)
        }
    }

    func testMatchRangeIsInBytes() throws {
        var text = "né ici"
        let range = try text.withUTF8 { try Pattern("ici").firstMatch(in: $0, scratch: scratch) }
        XCTAssertEqual(range, 4..<7)  // "né " is 4 bytes
    }

    func testAllMatchesAdvancesPastEmptyMatches() throws {
        var text = "aé"
        let ranges = try text.withUTF8 { try Pattern("x*").allMatches(in: $0, scratch: scratch) }
        XCTAssertEqual(ranges.count, 3)  // before a, before é, at end
        var mail = "a@b.io and c@d.org"
        let mails = try mail.withUTF8 { try Pattern(#"\S+@\S+"#).allMatches(in: $0, scratch: scratch) }
        XCTAssertEqual(mails, [0..<6, 11..<18])
    }

    func testCatastrophicBacktrackingEndsByLimit() throws {
        let pattern = try Pattern("^(a+)+$")
        let subject = String(repeating: "a", count: 5_000) + "!"
        let tight = MatchScratch(limits: MatchLimits(matchLimit: 100_000))
        XCTAssertThrowsError(try pattern.matches(subject, scratch: tight)) { error in
            XCTAssertTrue((error as! MatchError).isLimit)
        }
        // The same scratch still works for the next, ordinary match.
        XCTAssertTrue(try Pattern("a!").matches(subject, scratch: tight))
    }

    /// The runner's table path answers as the patterns themselves, on the first run of a pattern
    /// (which files its code) and after; limits still end a runaway match with a `MatchError`.
    func testRunnerAnswersAsThePatterns() throws {
        let patterns = try [Pattern(#"^\w+$"#), Pattern("ÉTÉ", options: .caseInsensitive), Pattern("x*"),
                            Pattern(#"(?m)^s.inscrire$"#, options: .caseInsensitive), Pattern("^(a+)+$")]
        let subjects = ["Straße", "un été chaud", "", "S’inscrire", "two words", String(repeating: "a", count: 30)]
        let runner = PatternRunner(patterns: patterns, scratch: MatchScratch())
        for _ in 0..<2 {
            for (index, pattern) in patterns.enumerated() {
                for subject in subjects {
                    var text = subject
                    let expected = try pattern.matches(subject, scratch: scratch)
                    XCTAssertEqual(try text.withUTF8 { try runner.matches(index, $0) }, expected, "\(pattern.source) on \(subject)")
                }
            }
        }
        let tight = PatternRunner(patterns: patterns, scratch: MatchScratch(limits: MatchLimits(matchLimit: 100_000)))
        var runaway = String(repeating: "a", count: 5_000) + "!"
        for _ in 0..<2 {
            XCTAssertThrowsError(try runaway.withUTF8 { try tight.matches(4, $0) }) { error in
                XCTAssertTrue((error as! MatchError).isLimit)
            }
        }
    }

    func testJITIsUsedWhereAvailable() throws {
        #if arch(x86_64) || arch(arm64)
        XCTAssertTrue(try Pattern("abc").isJITCompiled)
        #endif
    }

    /// Patterns are JIT-compiled on their first match, by whichever thread comes first (each
    /// pattern under a lock of its own): threads that start matching fresh patterns at once,
    /// the same pattern or different ones, all get the right answers.
    func testFirstMatchesFromManyThreadsAtOnce() throws {
        let patterns = try (0..<200).map { try Pattern("(?:word|term)\($0)\\b", options: .caseInsensitive) }
        let failures = FailureList()
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            let scratch = MatchScratch()
            // Threads 0 to 3 go through the patterns in the same order, so they meet each one
            // at once; the others start at different places, so they compile different ones at once.
            let start = thread < 4 ? 0 : (thread - 3) * 41
            for step in patterns.indices {
                let index = (start + step) % patterns.count
                let pattern = patterns[index]
                let hit = (try? pattern.matches("a TERM\(index) here", scratch: scratch)) ?? false
                let miss = (try? pattern.matches("a term\(index)x here", scratch: scratch)) ?? true
                if !hit || miss { failures.add("pattern \(index) on thread \(thread)") }
            }
        }
        XCTAssertEqual(failures.all, [])
        #if arch(x86_64) || arch(arm64)
        XCTAssertEqual(patterns.filter { !$0.isJITCompiled }.count, 0)
        #endif
    }
}

/// Failures collected from several threads.
private final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.lock(); items.append(item); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
