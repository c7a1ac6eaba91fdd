import XCTest

final class RulesLintCommandTests: CLITestCase {
    func testDefaultPackHasNoErrors() throws {
        let result = try winnow(["rules", "lint"])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertTrue(result.stdout.contains("lint: 0 errors,"), result.stdout)
    }

    func testErrorsExitOneAndNameFileLineRuleAndCheck() throws {
        let pack = try write("""
        rules:
          - id: slow
            label: tags
            patterns: ['^(\\w+\\s?)+$']
            examples: ['a b']
          - id: impossible
            label: navigation
            patterns: ['^(share this article|share on social media now)$']
            when: {words: "< 3"}
            examples: ['Share this article']

        """, to: "bad.yaml")
        let result = try winnow(["rules", "lint", "--no-default-rules", "--rules", pack])
        XCTAssertEqual(result.status, 1, result.stdout)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix(pack + ":2: error: rule \"slow\":") && $0.hasSuffix("[dangerous-pattern]") }, result.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix(pack + ":6: error: rule \"impossible\": can never fire") && $0.hasSuffix("[never-fires]") }, result.stdout)
        XCTAssertTrue(result.stdout.contains("lint: 2 errors"), result.stdout)
    }

    func testPatternThatCannotCompileAndDuplicateIDAreErrorsNotACrash() throws {
        let pack = try write("rules:\n  - {id: a, label: tags, patterns: ['[unclosed']}\n  - {id: b, label: tags, patterns: ['x']}\n  - {id: b, label: tags, patterns: ['y']}\n", to: "broken.yaml")
        let result = try winnow(["rules", "lint", "--rules", pack])
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertTrue(result.stdout.contains("broken.yaml:2: error: rule \"a\": pattern does not compile"), result.stdout)
        XCTAssertTrue(result.stdout.contains("[compile]"), result.stdout)
        XCTAssertTrue(result.stdout.contains("broken.yaml:4: error: rule \"b\": duplicate rule id"), result.stdout)
    }

    func testWarningsOnlyExitZero() throws {
        let pack = try write("rules:\n  - {id: share-body, label: body, patterns: ['^share$'], examples: ['Share']}\n  - {id: no-examples, label: tags, patterns: ['^keywords$']}\n", to: "warn.yaml")
        let result = try winnow(["rules", "lint", "--rules", pack])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertTrue(result.stdout.contains("rule \"share-body\": shadowed"), result.stdout)
        XCTAssertTrue(result.stdout.contains("rule \"no-examples\": no examples"), result.stdout)
        let errorsOnly = try winnow(["rules", "lint", "--rules", pack, "--errors-only"])
        XCTAssertFalse(errorsOnly.stdout.contains("warning:"), errorsOnly.stdout)
    }

    func testCorpusFindsRulesThatFireNowhere() throws {
        try write(Self.article, to: "pages/a.txt")
        let pack = try write("rules:\n  - {id: never, label: tags, patterns: ['^never on these pages$'], examples: ['never on these pages']}\n", to: "p.yaml")
        let result = try winnow(["rules", "lint", "--rules", pack, "--corpus", workDir.appendingPathComponent("pages").path])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertTrue(result.stdout.contains("rule \"never\": fires on no segment of the corpus (1 page, 8 segments) [corpus]"), result.stdout)
    }
}
