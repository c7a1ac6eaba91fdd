import XCTest

final class RulesTestCommandTests: CLITestCase {
    func makePack(keep: String, drop: String) throws -> String {
        try write("rules:\n  - id: harbour-home\n    label: navigation\n    patterns: ['^home$']\n    examples: ['Home']\n", to: "pack/rules.yaml")
        try write(Self.article, to: "pack/pages/harbour.txt")
        try write("""
        pages:
          - page: pages/harbour.txt
            keep:
              - "\(keep)"
            drop:
              - "\(drop)"
            labels:
              - {text: "Home", label: navigation}

        """, to: "pack/expectations/harbour.yaml")
        return workDir.appendingPathComponent("pack").path
    }

    func testDefaultPackPassesItsExamplesAndPages() throws {
        let result = try winnow(["rules", "test"])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertTrue(result.stdout.contains("examples: "), result.stdout)
        XCTAssertTrue(result.stdout.contains(" 0 failed ("), result.stdout)
        XCTAssertTrue(result.stdout.range(of: #"pages: \d+ passed, 0 failed \(\d+ pages in \d+ files\)"#, options: .regularExpression) != nil, result.stdout)
    }

    func testPackExpectationsRunAndPass() throws {
        let pack = try makePack(keep: "The harbour wall will be rebuilt", drop: "All rights reserved")
        let result = try winnow(["rules", "test", "--rules", pack, "--no-default-expectations", "-v"])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertTrue(result.stdout.contains("PASS"), result.stdout)
        XCTAssertTrue(result.stdout.contains("pages: 3 passed, 0 failed (1 page in 1 file)"), result.stdout)
    }

    func testBrokenExpectationFailsAndNamesFileLineSentenceAndRule() throws {
        // "Tags:" is dropped by the tags-heading rule, and the article's own sentence is kept.
        let pack = try makePack(keep: "Tags:", drop: "Engineers expect the work")
        let result = try winnow(["rules", "test", "--rules", pack, "--no-default-expectations"])
        XCTAssertEqual(result.status, 1, result.stdout)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("FAIL ") && $0.contains("expectations/harbour.yaml:4: page \"pages/harbour.txt\": sentence to keep is not in the cleaned article: \"Tags:\"") && $0.contains("tags by rule:tags-heading") }, result.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("FAIL ") && $0.contains("harbour.yaml:6:") && $0.contains("sentence to drop is in the cleaned article: \"Engineers expect the work\"") && $0.contains("body by scorer:") }, result.stdout)
        XCTAssertTrue(result.stdout.contains("pages: 1 passed, 2 failed"), result.stdout)
    }

    func testExplicitExpectationFileAndInlinePage() throws {
        let file = try write("""
        pages:
          - name: inline harbour page
            text: |
              Home
              The harbour wall will be rebuilt next spring, the council said on Tuesday after a debate that lasted most of the evening.
              Engineers expect the work to take two years, and the quay road will stay open to traffic for most of that time.
            labels:
              - {text: "Home", label: body}

        """, to: "mine.yaml")
        let result = try winnow(["rules", "test", "--expectations", file, "--no-default-expectations"])
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertTrue(result.stdout.contains("mine.yaml:8: page \"inline harbour page\": segment should be body, is navigation: \"Home\""), result.stdout)
    }

    func testBadExpectationFileExitsTwo() throws {
        let file = try write("pages:\n  - page: a.txt\n    keep: [x]\n    labels: [{text: x, label: sidebar}]\n", to: "bad.yaml")
        let result = try winnow(["rules", "test", "--expectations", file])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("bad.yaml:4: unknown label \"sidebar\""), result.stderr)
    }
}
