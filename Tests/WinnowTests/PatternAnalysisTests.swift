import XCTest
@testable import Winnow

final class PatternAnalysisTests: XCTestCase {
    func analysis(_ pattern: String) -> PatternAnalysis { PatternAnalysis(source: pattern) }

    func testParsesCommonSyntax() {
        XCTAssertEqual(PatternParser.parse("^ab$", caseless: false), .concat([.anchor(.start), .literal("a"), .literal("b"), .anchor(.end)]))
        XCTAssertEqual(PatternParser.parse("a{2,3}?", caseless: false), .repetition(.literal("a"), min: 2, max: 3, mode: .lazy))
        XCTAssertEqual(PatternParser.parse("a{,3}", caseless: false), .concat([.literal("a"), .literal("{"), .literal(","), .literal("3"), .literal("}")]))
        XCTAssertEqual(PatternParser.parse("(?i)x", caseless: false), .literal("x"))
        XCTAssertEqual(PatternParser.parse("\\Q.*\\E", caseless: false), .concat([.literal("."), .literal("*")]))
        XCTAssertNil(analysis("(a)\\1").characters, "back-references are opaque")
        XCTAssertNil(analysis("(?x) a b").characters, "extended mode is opaque")
        guard case .set(let set) = PatternParser.parse("[^\\s,]") else { return XCTFail() }
        XCTAssertFalse(set.matchesSpace)
        XCTAssertTrue(set.matchesNonSpace)
        guard case .set(let spaces) = PatternParser.parse("[ ]") else { return XCTFail() }
        XCTAssertTrue(spaces.matchesSpace)
        XCTAssertFalse(spaces.matchesNonSpace)
        guard case .set(let letters) = PatternParser.parse("[\\p{L}\\p{N}_]") else { return XCTFail() }
        XCTAssertFalse(letters.matchesSpace)
        XCTAssertTrue(letters.matchesCJK)
    }

    func testAnchoring() {
        XCTAssertTrue(analysis("^(tags|topics)\\s*:?$").anchoredAtStart)
        XCTAssertTrue(analysis("^(tags|topics)\\s*:?$").anchoredAtEnd)
        XCTAssertTrue(analysis("^a$|^b$").anchoredAtEnd)
        XCTAssertFalse(analysis("^a|b$").anchoredAtEnd)
        XCTAssertFalse(analysis("copyright \\d{4}").anchoredAtStart)
        XCTAssertTrue(analysis("\\b^share\\b$").anchoredAtStart)
    }

    func testCharacterAndWordBounds() {
        XCTAssertEqual(analysis("^(share|teilen)$").characters, .init(5, 6))
        XCTAssertEqual(analysis("^(share|teilen)$").words, .init(1, 1))
        XCTAssertEqual(analysis("^(share this|jetzt teilen on facebook)\\s*:?$").words, .init(2, 5))
        XCTAssertEqual(analysis("^about the author$").words, .init(3, 3))
        XCTAssertEqual(analysis("^[a-z]+( [a-z]+){0,2}$").words, .init(1, 3))
        XCTAssertEqual(analysis("^[a-z]+( [a-z]+)*$").words, .init(1, nil))
        // \s can only be a space in a segment (the normaliser leaves no other whitespace).
        XCTAssertEqual(analysis("^[a-z]+\\s[a-z]+$").words, .init(2, 2))
        // A space inside a class can split a word: "a b" is two words, "ab" one.
        XCTAssertEqual(analysis("^a[ _]b$").words, .init(1, 2))
        // \w can match CJK, where words are estimated from characters: two characters a word.
        XCTAssertEqual(analysis("^\\w{1,10}$").words, .init(1, 5))
        XCTAssertNil(analysis("^(a)\\1$").words)
    }

    func testNestedRepetitions() {
        XCTAssertEqual(analysis("(a+)+").nestedRepetitions.count, 1)
        XCTAssertEqual(analysis("^(\\w+\\s?)+$").nestedRepetitions.count, 1)
        XCTAssertEqual(analysis("(.*)*x").nestedRepetitions.count, 1)
        XCTAssertEqual(analysis("^(\\w+\\s)+$").nestedRepetitions.count, 0, "a mandatory separator makes the split unique")
        XCTAssertEqual(analysis("(?>a+)+").nestedRepetitions.count, 0)
        XCTAssertEqual(analysis("(a++)+").nestedRepetitions.count, 0)
        XCTAssertEqual(analysis("(ab|cd)+").nestedRepetitions.count, 0)
    }

    func testSamplesAndAdversarialSubjects() {
        XCTAssertEqual(PatternAnalysis.sample(PatternParser.parse("^tags?:\\s*\\d+$", caseless: false)), "tag:1")
        let subjects = analysis("^tags: (\\w+\\s?)+$").adversarialSubjects(count: 10)
        XCTAssertTrue(subjects.contains("tags: " + String(repeating: "a", count: 24) + "!"), "\(subjects)")
        // A class that matches spaces and letters is pumped with both, where ambiguity hides.
        XCTAssertEqual(PatternAnalysis.richSample(PatternParser.parse("(\\s*\\|\\s*[^|]{1,40})+")), "  |  a a  |  a a")
    }
}
