import XCTest

final class EvalCommandTests: CLITestCase {
    func testLabelledCorpusAlsoScoresTheArticleTextAndLanguages() throws {
        try write("body\tThe harbour wall will be rebuilt next spring, the council said on Tuesday after a long debate in the town hall.\ndisclaimer\t© 2024 Harbour Times\n", to: "c/p.labels")
        let result = try winnow(["eval", "--by-language", workDir.appendingPathComponent("c").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("article text (4-token shingles of the body lines): precision 1.000, recall 1.000, F1 1.000"), result.stdout)
        XCTAssertTrue(result.stdout.contains("by language"), result.stdout)
    }

    func testGoldTextScoresEachPageByShingles() throws {
        try write(Self.article, to: "pages/harbour.txt")
        try write(Self.article, to: "pages/other.txt")
        // The gold article of harbour.txt is exactly its three paragraphs; other.txt's gold is something else.
        let paragraphs = Self.article.components(separatedBy: "\n").filter { $0.count > 60 }.joined(separator: "\n")
        try write(paragraphs + "\n", to: "gold/harbour.txt")
        try write("An entirely different article about the weather in the hills this week.\n", to: "gold/other.txt")
        let result = try winnow(["eval", "--gold-text", workDir.appendingPathComponent("gold").path, workDir.appendingPathComponent("pages").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.hasPrefix("harbour.txt") && $0.hasSuffix("1.000") }, result.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("other.txt") && $0.hasSuffix("0.000") }, result.stdout)
        XCTAssertTrue(result.stdout.contains("2 pages, 4-token shingles: precision 0.500, recall"), result.stdout)

        let json = try winnow(["eval", "--json", "--gold-text", workDir.appendingPathComponent("gold").path, workDir.appendingPathComponent("pages").path])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(object["mean_page_f1"] as? Double, 0.5)
        XCTAssertEqual((object["per_page"] as! [Any]).count, 2)
    }

    func testMissingGoldTextIsReportedAndFails() throws {
        try write(Self.article, to: "pages/harbour.txt")
        try FileManager.default.createDirectory(at: workDir.appendingPathComponent("gold"), withIntermediateDirectories: true)
        let result = try winnow(["eval", "--gold-text", workDir.appendingPathComponent("gold").path, workDir.appendingPathComponent("pages").path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("harbour.txt: no gold text"), result.stderr)
    }

    func testSnippetExpectationsInTheDevSetFormat() throws {
        try write(Self.article, to: "set/pages/p1.txt")
        try write("""
        {"id": "p1", "url": "x", "with": ["The harbour wall will be rebuilt", "Engineers   expect the work"], "without": ["Harbour Times. All rights reserved", "Home"]}
        {"id": "p2", "with": ["not there"], "without": []}

        """, to: "set/expectations.jsonl")
        let file = workDir.appendingPathComponent("set/expectations.jsonl").path
        let result = try winnow(["eval", "--expectations", file, "--failures", "3"])
        // p2 has no page: it counts as an empty article (as score.py does) and the run reports it.
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("p2.txt"), result.stderr)
        XCTAssertTrue(result.stdout.contains("2 pages, 5 snippets: F1 0.800, precision 1.000, recall 0.667, accuracy 0.800"), result.stdout)
        XCTAssertTrue(result.stdout.contains("p2: 1 lost, 0 kept"), result.stdout)

        let json = try winnow(["eval", "--json", "--expectations", file, "--pages", workDir.appendingPathComponent("set/pages").path])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(object["true_positives"] as? Int, 2)
        XCTAssertEqual(object["true_negatives"] as? Int, 2)
    }

    func testSnippetMissNamesTheSegmentAndItsRule() throws {
        try write(Self.article, to: "set/pages/p1.txt")
        try write("{\"id\": \"p1\", \"with\": [\"Tags:\"], \"without\": []}\n", to: "set/expectations.jsonl")
        let result = try winnow(["eval", "--expectations", workDir.appendingPathComponent("set/expectations.jsonl").path, "--failures", "1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("lost \"Tags:\" — segment 5 (line 6) tags by rule:tags-heading"), result.stdout)
    }

    func testEvalArgumentErrors() throws {
        XCTAssertEqual(try winnow(["eval"]).status, 64)
        XCTAssertEqual(try winnow(["eval", "--pages", "x", "c"]).status, 64)
        XCTAssertEqual(try winnow(["eval", "--expectations", "e.jsonl", "c"]).status, 64)
    }
}
