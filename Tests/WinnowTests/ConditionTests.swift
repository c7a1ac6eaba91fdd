import XCTest
@testable import Winnow

final class ConditionTests: XCTestCase {
    func features(words: Int, index: Int = 0, count: Int = 1) -> Features {
        var f = Features()
        f.words = words
        f.index = index
        f.count = count
        return f
    }

    func testComparisonsAndRanges() throws {
        let cases: [(String, Int, Bool)] = [("< 6", 5, true), ("< 6", 6, false), ("<= 6", 6, true), ("> 2", 3, true),
                                            (">= 3", 2, false), ("== 4", 4, true), ("!= 4", 4, false), ("4", 4, true),
                                            ("3..5", 5, true), ("3..5", 6, false)]
        for (written, words, expected) in cases {
            let condition = try Condition.parse(key: "words", value: written)[0]
            XCTAssertEqual(condition.holds(for: features(words: words)), expected, "\(written) on \(words)")
        }
    }

    func testPositionInThirds() throws {
        let bottom = try Condition.parse(key: "position", value: "bottom")[0]
        XCTAssertTrue(bottom.holds(for: features(words: 1, index: 9, count: 10)))
        XCTAssertFalse(bottom.holds(for: features(words: 1, index: 1, count: 10)))
        XCTAssertThrowsError(try Condition.parse(key: "position", value: "left"))
    }

    func testBooleansAndErrors() throws {
        var f = Features()
        f.endsWithPunctuation = true
        XCTAssertTrue(try Condition.parse(key: "ends_with_punctuation", value: "true")[0].holds(for: f))
        XCTAssertThrowsError(try Condition.parse(key: "ends_with_punctuation", value: "maybe"))
        XCTAssertThrowsError(try Condition.parse(key: "words", value: "9..3"))
        XCTAssertThrowsError(try Condition.parse(key: "colour", value: "3"))
    }
}
