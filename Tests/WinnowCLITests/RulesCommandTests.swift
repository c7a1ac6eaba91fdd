import XCTest

final class RulesCommandTests: CLITestCase {
    func testBadPatternNamesFileLineAndRuleAndExitsTwo() throws {
        let pack = try write("rules:\n  - id: my-broken-rule\n    label: tags\n    patterns:\n      - '[unclosed'\n", to: "pack.yaml")
        let page = try write(Self.article, to: "page.txt")
        let result = try winnow(["clean", "--rules", pack, page])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("pack.yaml:5: rule \"my-broken-rule\": pattern does not compile"), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    func testCatastrophicPatternEndsByItsLimitAndThePageIsStillClassified() throws {
        let pack = try write("rules:\n  - id: slow\n    label: tags\n    patterns: ['^(\\w+\\s?)+$']\n    examples: ['a b']\n", to: "slow.yaml")
        let long = String(repeating: "word ", count: 3000) + "!"
        let page = try write(Self.article + long + "\n", to: "page.txt")
        let result = try winnow(["clean", "--rules", pack, "--format", "jsonl", page])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("slow: segment"), result.stderr)
        XCTAssertTrue(result.stderr.contains("limit exceeded"), result.stderr)
        XCTAssertTrue(result.stdout.contains("The harbour wall"))
    }

    func testRulesTestPassesOnDefaultsAndNamesABrokenExample() throws {
        let ok = try winnow(["rules", "test"])
        XCTAssertEqual(ok.status, 0, ok.stdout)
        XCTAssertTrue(ok.stdout.contains(" 0 failed"), ok.stdout)
        let pack = try write("rules:\n  - id: my-tags\n    label: tags\n    patterns: ['^labels:']\n    examples: ['Keywords: x']\n", to: "p.yaml")
        let failing = try winnow(["rules", "test", "--rules", pack])
        XCTAssertEqual(failing.status, 1)
        XCTAssertTrue(failing.stdout.contains("FAIL"), failing.stdout)
        XCTAssertTrue(failing.stdout.contains("my-tags"), failing.stdout)
        XCTAssertTrue(failing.stdout.contains("Keywords: x"), failing.stdout)
    }

    func testOverrideAndDisableByID() throws {
        let pack = try write("disable: [tags-heading]\n", to: "p.yaml")
        let page = try write(Self.article, to: "page.txt")
        let result = try winnow(["clean", "--rules", pack, "--format", "jsonl", page])
        XCTAssertFalse(result.stdout.contains("rule:tags-heading"))
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testPatternsPrintsInlineOptions() throws {
        let result = try winnow(["rules", "patterns"])
        XCTAssertEqual(result.status, 0)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertGreaterThan(lines.count, 50)
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("(?i)") })
    }

    func testEvalReportsPerLabelFigures() throws {
        try write("body\tThe harbour wall will be rebuilt next spring, the council said on Tuesday after a long debate in the town hall.\ndisclaimer\t© 2024 Harbour Times\n", to: "c/p.labels")
        let result = try winnow(["eval", "--json", workDir.appendingPathComponent("c").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(object["pages"] as? Int, 1)
        XCTAssertEqual(object["macro_f1"] as? Double, 1.0)
        let text = try winnow(["eval", workDir.appendingPathComponent("c").path])
        XCTAssertTrue(text.stdout.contains("macro F1"))
        XCTAssertTrue(text.stdout.contains("confusion"))
    }

    func testExplainNamesTheRuleAndTheRunnerUp() throws {
        let page = try write(Self.article, to: "page.txt")
        let result = try winnow(["explain", page, "--only", "disclaimer"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("by rule:disclaimer-copyright"), result.stdout)
        XCTAssertTrue(result.stdout.contains("also matched disclaimer-rights-reserved"), result.stdout)
        XCTAssertFalse(result.stdout.contains("\u{1B}["), "no colour when piped")
        XCTAssertFalse(result.stdout.contains("The harbour wall"))
    }
}
