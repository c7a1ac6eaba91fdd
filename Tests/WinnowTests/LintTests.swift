import XCTest
@testable import Winnow

final class LintTests: XCTestCase {
    func input(_ yaml: String, defaults: Bool = false) throws -> LintInput {
        let pack = try RuleLoader().load(yaml: yaml, file: "p.yaml")
        var packs = defaults ? [LintInput.Pack(name: "rules/default", files: try RuleSet.embeddedDefaultPacks())] : []
        packs.append(LintInput.Pack(name: "p.yaml", files: [pack]))
        return LintInput(packs: packs, loadErrors: [], rules: try RuleSet(packs: packs.flatMap(\.files)).rules)
    }

    func findings(_ check: LintCheck, _ yaml: String, defaults: Bool = false) throws -> [LintFinding] {
        check.findings(in: try input(yaml, defaults: defaults))
    }

    func testDefaultPackHasNoErrors() {
        let report = Linter.standard().run(LintInput.load(extraPacks: []))
        XCTAssertEqual(report.errors, 0, report.findings.filter { $0.severity == .error }.map(\.description).joined(separator: "\n"))
        XCTAssertGreaterThan(report.rules, 20)
    }

    func testLoadErrorsBecomeFindings() {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a.yaml"), b = folder.appendingPathComponent("b.yaml")
        try? "rules:\n  - {id: x, label: tags, patterns: ['(']}\n  - {id: y, label: tags, patterns: ['a']}\n  - {id: y, label: tags, patterns: ['b']}\n".write(to: a, atomically: true, encoding: .utf8)
        try? "rules:\n  - {id: z, label: tags, patterns: ['c'], examples: [c]}\n".write(to: b, atomically: true, encoding: .utf8)
        let input = LintInput.load(extraPacks: [folder.path], includeDefaults: false)
        let found = LoadCheck().findings(in: input)
        XCTAssertEqual(Set(found.map(\.check)), ["compile", "duplicate-id"])
        XCTAssertTrue(found.allSatisfy { $0.severity == .error && $0.origin.file.hasSuffix("a.yaml") })
        XCTAssertEqual(input.rules.map(\.id), ["z"], "the good file still loads")
    }

    func testDuplicateIDAcrossFilesOfOnePack() throws {
        let one = try RuleLoader().load(yaml: "rules:\n  - {id: x, label: tags, patterns: ['a']}\n", file: "one.yaml")
        let two = try RuleLoader().load(yaml: "rules:\n  - {id: x, label: navigation, patterns: ['b']}\n", file: "two.yaml")
        let samePack = LintInput(packs: [.init(name: "p", files: [one, two])], loadErrors: [], rules: try RuleSet(packs: [one, two]).rules)
        XCTAssertEqual(DuplicateCheck().findings(in: samePack).map(\.severity), [.error])
        // Across packs the same id is an override, not a mistake.
        let override = LintInput(packs: [.init(name: "a", files: [one]), .init(name: "b", files: [two])], loadErrors: [], rules: try RuleSet(packs: [one, two]).rules)
        XCTAssertEqual(DuplicateCheck().findings(in: override).count, 0)
    }

    func testContradictions() throws {
        let found = try findings(ContradictionCheck(), """
        rules:
          - {id: share-long, label: navigation, patterns: ['^(share this article|share on social media now)$'], when: {words: "< 3"}}
          - {id: ratio, label: navigation, patterns: ['x'], when: {stopwords: "> 1"}}
          - {id: both, label: navigation, patterns: ['x'], when: {position: top, relative_position: "> 0.5"}}
          - {id: integral, label: navigation, patterns: ['x'], when: {words: "3.2..3.8"}}
          - {id: partly, label: navigation, patterns: ['^print$', '^print this page now please$'], when: {words: "< 3"}}
          - {id: long-match, label: navigation, patterns: ['all rights reserved by the publisher'], when: {chars: "< 20"}}
          - {id: fine, label: navigation, patterns: ['^(share|print)$', 'x'], when: {words: "< 3"}}
        """)
        let byRule = Dictionary(grouping: found, by: { $0.ruleID! })
        XCTAssertEqual(byRule["share-long"]?.map(\.severity), [.error])
        XCTAssertTrue(byRule["share-long"]![0].message.contains("whole segments of 3 to 5 words"), byRule["share-long"]![0].message)
        XCTAssertEqual(byRule["ratio"]?.map(\.severity), [.error])
        XCTAssertEqual(byRule["both"]?.map(\.severity), [.error])
        XCTAssertEqual(byRule["integral"]?.map(\.severity), [.error])
        XCTAssertEqual(byRule["partly"]?.map(\.severity), [.warning])
        XCTAssertEqual(byRule["long-match"]?.map(\.severity), [.error])
        XCTAssertNil(byRule["fine"])
    }

    func testShadowedByAHigherPriorityRuleOfAnotherLabel() throws {
        let found = try findings(ShadowCheck(), """
        rules:
          - {id: share-body, label: body, patterns: ['^share$'], examples: ['Share']}
          - {id: teilen, label: teasers, patterns: ['^(teilen|share it)$'], examples: ['Teilen', 'share it']}
        """, defaults: true)
        XCTAssertEqual(found.map(\.ruleID), ["share-body"])
        XCTAssertTrue(found[0].message.contains("navigation-share (navigation)"), found[0].message)
    }

    func testDangerousPatterns() throws {
        let found = try findings(DangerousPatternCheck(), """
        rules:
          - {id: slow, label: tags, patterns: ['^(\\w+\\s?)+$']}
          - {id: slow-with-tail, label: tags, patterns: ['^x(a|b+)*y$']}
          - {id: safe, label: tags, patterns: ['^(\\w+\\s)+$', '^(?>a+)+$', '(a++)+b']}
        """)
        XCTAssertEqual(found.map(\.ruleID), ["slow", "slow-with-tail"])
        XCTAssertTrue(found.allSatisfy { $0.severity == .error && $0.message.contains("match limit") })
    }

    func testAlternativesALookaheadRulesOut() throws {
        let found = try findings(DeadAlternativeCheck(), """
        rules:
          - {id: misplaced, label: navigation, patterns: ['^((?=m)(?:menu|main menu|start)|(?=s)(?:search|suche))$']}
          - {id: whole-item, label: navigation, patterns: ['^(?=[mx])home$', '(?=m)(?:menu|Mehr)']}
          - {id: fine, label: navigation, patterns: ['^((?=m)(?:Menu|MAIN MENU|mehr)|(?=s)(?:search|suche))$', '(?=M)(?:menu)', '(?=[ab])(?:about|blog)']}
          - {id: unreadable, label: navigation, patterns: ['(?=\\w)(?:menu|-start)', '(?=m)(?:[a-z]enu|x?menu)', '(?=m?)(?:start)', '(?!m)(?:menu)']}
        """)
        XCTAssertEqual(found.map(\.ruleID), ["misplaced", "whole-item"])
        XCTAssertTrue(found.allSatisfy { $0.severity == .error && $0.check == "dead-alternative" })
        XCTAssertTrue(found[0].message.contains("\"start\" can never match"), found[0].message)
        XCTAssertTrue(found[0].message.contains("starting with \"m\""), found[0].message)
        XCTAssertTrue(found[1].message.contains("\"home\" can never match"), found[1].message)
    }

    func testHeavyBacktrackingWithinTheConditionsIsAWarning() throws {
        // Spaces can go to \s* or to the class around every bar: 4 ways an item, 4^n in all.
        let found = try findings(DangerousPatternCheck(), """
        rules:
          - {id: link-row, label: navigation, patterns: ['^[^.!?:\\d]{1,40}(\\s*[|•·]\\s*[^.!?:|•·\\d]{1,40}){2,}$'], when: {words: "< 30"}}
          - {id: link-row-short, label: navigation, patterns: ['^[^.!?:\\d]{1,40}(\\s*[|•·]\\s*[^.!?:|•·\\d]{1,40}){2,}$'], when: {words: "< 6"}}
          - {id: link-row-fixed, label: navigation, patterns: ['^[^.!?:\\d|•·]{1,40}+(\\s*+[|•·]\\s*+[^.!?:|•·\\d]{1,40}+){2,}$'], when: {words: "< 30"}}
        """)
        // Under words < 6 no line is long enough to stall it; the possessive version never stalls.
        XCTAssertEqual(found.map(\.ruleID), ["link-row"])
        XCTAssertEqual(found.first?.severity, .warning)
        XCTAssertEqual(found.first?.check, "slow-pattern")
    }

    func testUntestedRulesAndPatterns() throws {
        let found = try findings(ExampleCoverageCheck(), """
        rules:
          - {id: none, label: tags, patterns: ['a']}
          - {id: some, label: tags, patterns: ['^a$', '^b$'], examples: [a]}
          - {id: all, label: tags, patterns: ['^a$', '^b$'], examples: [a, b]}
        """)
        XCTAssertEqual(found.map(\.ruleID), ["none", "some"])
        XCTAssertTrue(found[1].message.contains("(#2)"))
    }

    func testCorpusCheckFindsIdleAndWrongRules() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lint-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var page = "body\tThe harbour wall will be rebuilt next spring, the council said on Tuesday after a long debate.\n"
        for _ in 0..<5 { page += "body\tHarbour\n" }
        try page.write(to: folder.appendingPathComponent("p.labels"), atomically: true, encoding: .utf8)
        let found = try findings(CorpusCheck(paths: [folder.path]), """
        rules:
          - {id: idle, label: tags, patterns: ['^never here$'], examples: ['never here']}
          - {id: wrong, label: tags, patterns: ['^harbour$'], examples: ['Harbour']}
          - {id: beaten, label: navigation, patterns: ['^harbour$'], priority: 10, examples: ['Harbour']}
        """)
        let byRule = Dictionary(grouping: found, by: { $0.ruleID! })
        XCTAssertTrue(byRule["idle"]?.first?.message.contains("fires on no segment") ?? false)
        XCTAssertTrue(byRule["wrong"]?.first?.message.contains("5 of them against the gold labels (gold body ×5)") ?? false, "\(found)")
        XCTAssertTrue(byRule["beaten"]?.first?.message.contains("never decides one: rules tried first win (wrong ×5)") ?? false, "\(found)")
    }
}
