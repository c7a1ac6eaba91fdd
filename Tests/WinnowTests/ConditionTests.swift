import Foundation
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

    /// Trimming scalar by scalar removes what Foundation's `trimmingCharacters(in: .whitespaces)`
    /// removes, Unicode's spaces included, and keeps everything else (line breaks, zero-width
    /// characters, combining marks).
    func testTrimmingAgreesWithFoundation() {
        let pieces = [" ", "\t", "\u{A0}", "\u{2003}", "\u{3000}", "\u{200B}", "\n", "\r", "\u{85}", "\u{301}", "<", "6", ".", "é", "x"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            XCTAssertEqual(Condition.trimmed(Substring(text)), text.trimmingCharacters(in: .whitespaces), text.debugDescription)
        }
        XCTAssertEqual(try Condition.parse(key: "words", value: "\u{A0} 3 .. 5\t")[0].test, .between(3, 5))
        XCTAssertEqual(try Condition.parse(key: "words", value: " >=\u{2003}4 ")[0].test, .greaterOrEqual(4))
        XCTAssertThrowsError(try Condition.parse(key: "words", value: "3.\u{301}.5"))
    }

    /// The classifier's flat table of every rule's conditions answers as each rule's own list,
    /// for rules with no condition, one, and several (the default rules' own, too).
    func testFlatRuleConditionsAnswerAsEachRulesList() throws {
        let written: [[(String, String)]] = [[], [("words", "< 6")], [("words", "3..10"), ("position", "bottom")],
                                             [("ends_with_punctuation", "false"), ("words", "!= 4"), ("chars", "> 12")]]
        var lists = try written.map { try $0.flatMap { try Condition.parse(key: $0.0, value: $0.1) } }
        lists += try RuleSet(packs: RuleSet.embeddedDefaultPacks()).rules.map(\.conditions)
        let table = RuleConditions(lists)
        for words in 0...14 {
            for index in [0, 5, 9] {
                var f = features(words: words, index: index, count: 10)
                f.chars = words * 5
                f.endsWithPunctuation = words % 3 == 0
                for (rule, list) in lists.enumerated() {
                    XCTAssertEqual(table.allHold(rule: rule, for: f), list.allHold(for: f), "rule \(rule), \(words) words, index \(index)")
                }
            }
        }
    }
}
