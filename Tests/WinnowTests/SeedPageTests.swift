import XCTest
@testable import Winnow

/// The user's example page (`../shared/seed`): the cleaned text is exactly its body lines and
/// every line gets the label of `page.labels`. Skipped when `../shared` is not beside the checkout.
final class SeedPageTests: XCTestCase {
    func testSeedPageIsLabelledLineForLine() throws {
        let seed = AccuracyFloorTests.root.deletingLastPathComponent().appendingPathComponent("shared/seed")
        guard FileManager.default.fileExists(atPath: seed.appendingPathComponent("page.labels").path) else {
            throw XCTSkip("../shared/seed is not present")
        }
        let expected = try AnnotatedPage.parse(String(contentsOf: seed.appendingPathComponent("page.labels"), encoding: .utf8))
        let pipeline = Pipeline(rules: try RuleSet.load(extraPacks: []))
        let page = pipeline.run(try PageReader().read(.init(path: seed.appendingPathComponent("page.txt").path, relativePath: "page.txt")))
        let mismatches = zip(page.segments, page.decisions).filter { expected.labels[$0.0.line - 1] != $0.1.label }
        XCTAssertTrue(mismatches.isEmpty, mismatches.map { "line \($0.0.line): \($0.1.label) by \($0.1.source), expected \(expected.labels[$0.0.line - 1]!)" }.joined(separator: "\n"))
        let bodyLines = zip(expected.page.split(separator: "\n", omittingEmptySubsequences: false), expected.labels).filter { $0.1 == .body }.map { String($0.0) }
        XCTAssertEqual(bodyLines.count, 18)
        XCTAssertEqual(TextWriter().render(page), bodyLines.joined(separator: "\n") + "\n")
    }
}
