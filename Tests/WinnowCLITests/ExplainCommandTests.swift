import XCTest

final class ExplainCommandTests: CLITestCase {
    func testNearMissNamesTheConditionThatStoppedARule() throws {
        let topics = (1...41).map { "topic\($0)" }.joined(separator: ", ")
        let page = try write("Home\nThe harbour wall will be rebuilt next spring, the council said on Tuesday after a debate that lasted most of the evening.\nTags: \(topics)\n", to: "page.txt")
        let result = try winnow(["explain", page, "--segment", "2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("near miss: tags-inline-list (tags): words: < 40 fails (words is 42)"), result.stdout)
        XCTAssertFalse(result.stdout.contains("The harbour wall"), "--segment shows one segment")
    }

    func testLabelledPageShowsMistakesAndATally() throws {
        let page = try write("navigation\tHome\nbody\tThe harbour wall will be rebuilt next spring, the council said on Tuesday after a long debate in the town hall.\nbody\tBy Jane Doe\n", to: "p.labels")
        let result = try winnow(["explain", page])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("✗ gold body"), result.stdout)
        XCTAssertTrue(result.stdout.contains("1 of 3 wrong against the gold labels"), result.stdout)
    }

    func testColourOnlyWhenAsked() throws {
        let page = try write(Self.article, to: "page.txt")
        let plain = try winnow(["explain", page])
        XCTAssertFalse(plain.stdout.contains("\u{1B}["))
        let coloured = try winnow(["explain", page, "--color", "always"])
        XCTAssertTrue(coloured.stdout.contains("\u{1B}[32mbody"), coloured.stdout)
    }
}
