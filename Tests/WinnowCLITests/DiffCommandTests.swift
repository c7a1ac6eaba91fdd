import XCTest

final class DiffCommandTests: CLITestCase {
    func writeCorpus() throws -> String {
        try write("""
        navigation\tHome
        body\tJane Doe reports
        body\tThe harbour wall will be rebuilt next spring, the council said on Tuesday after a long debate in the town hall.
        body\tEngineers expect the work to take two years, and the quay road will stay open to traffic for most of that time.
        tags\tTags:
        tags\tHarbour

        """, to: "corpus/p.labels")
        try write(Self.article, to: "corpus/plain.txt")
        return workDir.appendingPathComponent("corpus").path
    }

    func testDiffGroupsChangesAndShowsBothSidesFigures() throws {
        let corpus = try writeCorpus()
        let mine = try write("rules:\n  - {id: byline, label: body, patterns: ['^\\w+ \\w+ reports$'], priority: 60, examples: ['Jane Doe reports']}\n", to: "mine.yaml")
        let result = try winnow(["diff", "--rules", mine, corpus])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("before: defaults\nafter:  defaults + \(mine)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("2 pages, 14 segments: 1 change label"), result.stdout)
        XCTAssertTrue(result.stdout.contains("against the gold labels: 1 fixed, 0 broken"), result.stdout)
        XCTAssertTrue(result.stdout.contains("     1  navigation by scorer:before main region  →  body by rule:byline  (1 fixed, 0 broken)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("p.labels:2  \"Jane Doe reports\"  + fixed (gold body)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("rule:byline"), result.stdout)
        XCTAssertTrue(result.stdout.contains("figures on 1 labelled page"), result.stdout)
        XCTAssertTrue(result.stdout.contains("macro F1"), result.stdout)
    }

    func testAgainstComparesTwoPacksAndJSON() throws {
        let corpus = try writeCorpus()
        let a = try write("rules:\n  - {id: byline, label: body, patterns: ['^\\w+ \\w+ reports$'], priority: 60}\n", to: "a.yaml")
        let b = try write("rules:\n  - {id: byline, label: navigation, patterns: ['^\\w+ \\w+ reports$'], priority: 60}\n", to: "b.yaml")
        let result = try winnow(["diff", "--rules", a, "--against", b, "--json", corpus])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(object["changed"] as? Int, 1)
        XCTAssertEqual(object["fixed"] as? Int, 1)
        let group = (object["groups"] as! [[String: Any]])[0]
        XCTAssertEqual((group["before"] as! [String: String])["by"], "rule:byline")
        XCTAssertEqual((group["after"] as! [String: String])["label"], "body")
        XCTAssertNotNil((object["figures"] as! [String: Any])["after"])
    }

    func testNoChangesAndBadPackExitTwo() throws {
        let corpus = try writeCorpus()
        let same = try winnow(["diff", corpus])
        XCTAssertEqual(same.status, 0)
        XCTAssertTrue(same.stdout.contains(": 0 change label"), same.stdout)
        let bad = try write("rules:\n  - {id: x, label: tags, patterns: ['(']}\n", to: "bad.yaml")
        XCTAssertEqual(try winnow(["diff", "--against", bad, corpus]).status, 2)
    }
}
