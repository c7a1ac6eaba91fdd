import XCTest
@testable import Winnow

final class ShingleScoreTests: XCTestCase {
    func testShinglesAreFourTokenRunsLowerCased() {
        let bag = ShingleScorer().shingles("The  Harbour wall will\nbe rebuilt")
        XCTAssertEqual(bag, ["the harbour wall will": 1, "harbour wall will be": 1, "wall will be rebuilt": 1])
        XCTAssertEqual(ShingleScorer().shingles("Too short"), ["too short": 1])
        XCTAssertEqual(ShingleScorer().shingles("  \n "), [:])
    }

    func testPrecisionRecallAndF1() {
        let gold = "one two three four five six"                // 3 shingles
        let predicted = "one two three four five six seven eight" // 5 shingles, 3 in gold
        let c = ShingleScorer().score(predicted: predicted, gold: gold)
        XCTAssertEqual(c, ShingleCounts(matched: 3, predicted: 5, gold: 3))
        XCTAssertEqual(c.precision, 0.6, accuracy: 1e-9)
        XCTAssertEqual(c.recall, 1)
        XCTAssertEqual(c.f1, 0.75, accuracy: 1e-9)
    }

    func testRepeatedTextIsNotAFreeMatch() {
        let c = ShingleScorer().score(predicted: "a b c d a b c d", gold: "a b c d")
        // "a b c d" occurs twice in the prediction but once in the gold text.
        XCTAssertEqual(c.matched, 1)
        XCTAssertEqual(c.predicted, 5)
    }

    func testEmptyTexts() {
        XCTAssertEqual(ShingleScorer().score(predicted: "", gold: "").f1, 1)
        let nothingKept = ShingleScorer().score(predicted: "", gold: "a b c d e")
        XCTAssertEqual(nothingKept.recall, 0)
        XCTAssertEqual(nothingKept.f1, 0)
        XCTAssertEqual(ShingleScorer().score(predicted: "a b c d", gold: "").f1, 0)
    }

    func testPooledCountsAreMicroAveraged() {
        var total = ShingleCounts()
        total += ShingleCounts(matched: 1, predicted: 2, gold: 4)
        total += ShingleCounts(matched: 3, predicted: 4, gold: 4)
        XCTAssertEqual(total, ShingleCounts(matched: 4, predicted: 6, gold: 8))
        XCTAssertEqual(total.recall, 0.5)
    }
}

final class SnippetScoreTests: XCTestCase {
    func testWhitespaceIsNormalisedAsPythonDoes() {
        XCTAssertEqual(SnippetText.normalise("  a\t\u{A0}b\u{2009}\nc \u{1F} "), Array("a b c".utf8))
        // Zero-width space is not whitespace for Python either.
        XCTAssertEqual(SnippetText.normalise("a\u{200B}b"), Array("a\u{200B}b".utf8))
    }

    func testSubstringTestIsOnCodePointsNotCanonicalEquivalence() {
        let composed = SnippetText.normalise("caf\u{E9} au lait")
        XCTAssertTrue(SnippetText.contains(composed, SnippetText.normalise("caf\u{E9}")))
        XCTAssertFalse(SnippetText.contains(composed, SnippetText.normalise("cafe\u{301}")))
        XCTAssertTrue(SnippetText.contains(composed, []))
        XCTAssertFalse(SnippetText.contains(Array("ab".utf8), Array("abc".utf8)))
        XCTAssertTrue(SnippetText.contains(Array("xxabab".utf8), Array("abab".utf8)))
    }

    func testScoresWithAndWithoutSnippets() {
        let expectation = SnippetExpectation(id: "p1", with: ["harbour wall  will", "missing line"], without: ["Latest Stories", "Share"])
        let result = SnippetScorer().score(output: "The harbour wall\nwill be rebuilt.\nLatest Stories\n", against: expectation)
        XCTAssertEqual(result.lost, ["missing line"])
        XCTAssertEqual(result.kept, ["Latest Stories"])
        XCTAssertEqual(result.counts.truePositives, 1)
        XCTAssertEqual(result.counts.falseNegatives, 1)
        XCTAssertEqual(result.counts.falsePositives, 1)
        XCTAssertEqual(result.counts.trueNegatives, 1)
        XCTAssertEqual(result.counts.f1, 0.5)
        XCTAssertEqual(result.counts.accuracy, 0.5)
    }

    func testParsesTheDevSetFormat() throws {
        let lines = "{\"id\": \"p0\", \"url\": \"u\", \"with\": [\"a\"], \"without\": []}\n\n{\"id\": \"p1\", \"with\": [], \"without\": [\"b\"]}\n"
        let parsed = try SnippetExpectation.parseLines(lines)
        XCTAssertEqual(parsed, [SnippetExpectation(id: "p0", url: "u", with: ["a"], without: []), SnippetExpectation(id: "p1", with: [], without: ["b"])])
        XCTAssertThrowsError(try SnippetExpectation.parseLines("{\"with\": []}\n")) { error in
            XCTAssertTrue("\(error)".contains("line 1"))
        }
        XCTAssertThrowsError(try SnippetExpectation.parseLines("{\"id\": \"x\"}\nnot json\n"))
    }
}
