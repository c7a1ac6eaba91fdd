import XCTest
@testable import Winnow

final class PageExpectationTests: XCTestCase {
    static let page = """
    Home
    News
    The harbour wall will be rebuilt next spring, the council said on Tuesday after a debate that lasted most of the evening.
    Engineers expect the work to take two years, and the quay road will stay open to traffic for most of that time.
    Tags:
    Harbour
    © 2024 Harbour Times. All rights reserved.

    """

    func testLoadsPagesInlinePagesAndLabelsWithLines() throws {
        let yaml = """
        description: test
        pages:
          - page: pages/a.txt
            keep: ["one"]
            drop:
              - two
          - name: inline
            text: |
              Hello
            labels:
              - {text: "Hello", label: body}
        """
        let pages = try PageExpectationLoader().load(yaml: yaml, file: "e.yaml")
        XCTAssertEqual(pages.count, 2)
        XCTAssertEqual(pages[0].source, .file("pages/a.txt"))
        XCTAssertEqual(pages[0].name, "pages/a.txt")
        XCTAssertEqual(pages[0].origin.line, 3)
        XCTAssertEqual(pages[0].keep, [.init(text: "one", line: 4)])
        XCTAssertEqual(pages[0].drop, [.init(text: "two", line: 6)])
        XCTAssertEqual(pages[1].source, .inline("Hello\n"))
        XCTAssertEqual(pages[1].labels, [.init(text: "Hello", label: .body, line: 11)])
        XCTAssertEqual(pages[1].checkCount, 1)
    }

    func testLoaderReportsEveryMistakeWithItsLine() {
        let yaml = """
        pages:
          - page: a.txt
            text: both
            keep: [x]
          - keep: [x]
          - page: b.txt
            kept: [x]
          - page: c.txt
            labels: [{text: "x", label: footer}]
        """
        XCTAssertThrowsError(try PageExpectationLoader().load(yaml: yaml, file: "e.yaml")) { error in
            let messages = (error as! RuleErrors).errors.map(\.description)
            XCTAssertTrue(messages.contains { $0.hasPrefix("e.yaml:2:") && $0.contains("not both") }, "\(messages)")
            XCTAssertTrue(messages.contains { $0.hasPrefix("e.yaml:5:") && $0.contains("page: PATH") }, "\(messages)")
            XCTAssertTrue(messages.contains { $0.hasPrefix("e.yaml:7:") && $0.contains("unknown key \"kept\"") }, "\(messages)")
            XCTAssertTrue(messages.contains { $0.hasPrefix("e.yaml:9:") && $0.contains("unknown label \"footer\"") }, "\(messages)")
        }
        XCTAssertThrowsError(try PageExpectationLoader().load(yaml: "rules: []\n", file: "e.yaml"))
    }

    func testLogicalPaths() {
        XCTAssertEqual(LogicalPath.normalise("rules/default/../../corpus/x.labels"), "corpus/x.labels")
        XCTAssertEqual(LogicalPath.normalise("/a/./b//c/../d"), "/a/b/d")
        XCTAssertEqual(LogicalPath.normalise("../x"), "../x")
        XCTAssertEqual(PageResolver.disk("packs/mine").path(of: "pages/a.txt"), "packs/mine/pages/a.txt")
    }

    func testCheckPassesAndFailsWithBlame() throws {
        let yaml = """
        pages:
          - text: |
        \(Self.page.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
            keep:
              - "The harbour wall will be rebuilt"
              - "Harbour Times. All rights reserved."
            drop:
              - "Engineers expect the work"
              - "Home"
            labels:
              - {text: "Tags:", label: tags}
              - {text: "Harbour", label: body}
              - {text: "Not on the page", label: body}
        """
        let pages = try PageExpectationLoader().load(yaml: yaml, file: "e.yaml")
        let set = ExpectationSet(file: "e.yaml", pages: pages, resolver: .disk("."))
        let result = PageExpectationCheck(rules: try RuleSet.load(extraPacks: [])).run([set])
        XCTAssertEqual(result.pages, 1)
        XCTAssertEqual(result.checks, 7)
        let kinds = result.failures.map(\.kind)
        XCTAssertEqual(kinds, [.lost, .kept, .wrongLabel(expected: .body, got: .tags), .noSuchSegment])
        XCTAssertTrue(result.failures[0].description.contains("disclaimer by rule:disclaimer-copyright"), result.failures[0].description)
        XCTAssertTrue(result.failures[1].description.contains("body by scorer:main region"), result.failures[1].description)
        XCTAssertTrue(result.failures[2].description.contains("tags by zone:tags-heading"), result.failures[2].description)
    }

    func testUnreadablePageIsAFailure() throws {
        let pages = try PageExpectationLoader().load(yaml: "pages:\n  - page: nowhere.txt\n    keep: [x]\n", file: "e.yaml")
        let result = PageExpectationCheck(rules: try RuleSet.load(extraPacks: [])).run([ExpectationSet(file: "e.yaml", pages: pages, resolver: .disk("/nonexistent"))])
        XCTAssertEqual(result.failures.map(\.kind), [.unreadable])
        XCTAssertTrue(result.failures[0].description.contains("/nonexistent/nowhere.txt"))
    }

    func testDefaultPackExpectationsAreEmbeddedAndPass() throws {
        let sets = try PageExpectationLoader.embeddedDefault()
        XCTAssertGreaterThanOrEqual(sets.count, 2)
        let result = PageExpectationCheck(rules: try RuleSet.load(extraPacks: [])).run(sets)
        XCTAssertGreaterThanOrEqual(result.pages, 4)
        XCTAssertTrue(result.failures.isEmpty, result.failures.map(\.description).joined(separator: "\n"))
    }
}
