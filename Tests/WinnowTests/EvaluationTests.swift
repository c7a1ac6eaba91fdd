import XCTest
@testable import Winnow

final class EvaluationTests: XCTestCase {
    func testPerLabelScoresAndConfusion() {
        var e = Evaluation()
        e.add(gold: [.body, .body, .tags, .navigation], predicted: [.body, .navigation, .tags, .navigation])
        XCTAssertEqual(e.count(gold: .body, predicted: .navigation), 1)
        XCTAssertEqual(e.scores(for: .body), .init(precision: 1, recall: 0.5, f1: 2.0 / 3, support: 2))
        XCTAssertEqual(e.scores(for: .navigation).precision, 0.5)
        // Labels absent from gold and prediction score 1: nothing to get wrong.
        XCTAssertEqual(e.scores(for: .teasers).f1, 1)
        XCTAssertEqual(e.accuracy, 0.75)
    }

    func testAnnotatedPageParsing() throws {
        let parsed = try AnnotatedPage.parse("body\tHello\n\ntags\tTags:\n")
        XCTAssertEqual(parsed.page, "Hello\n\nTags:\n")
        XCTAssertEqual(parsed.labels, [.body, nil, .tags])
        XCTAssertThrowsError(try AnnotatedPage.parse("footer\tx\n"))
        XCTAssertThrowsError(try AnnotatedPage.parse("no tab here\n"))
    }
}
