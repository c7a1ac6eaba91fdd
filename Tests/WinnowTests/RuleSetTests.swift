import XCTest
@testable import Winnow

final class RuleSetTests: XCTestCase {
    func pack(_ yaml: String, _ file: String) throws -> RulePack { try RuleLoader().load(yaml: yaml, file: file) }

    func testLaterPackOverridesAndDisablesByID() throws {
        let base = try pack("rules:\n  - {id: a, label: tags, patterns: ['x'], priority: 10}\n  - {id: b, label: navigation, patterns: ['y'], priority: 90}\n", "base.yaml")
        let user = try pack("rules:\n  - {id: a, label: disclaimer, patterns: ['x'], priority: 20}\ndisable: [b]\n", "user.yaml")
        let set = try RuleSet(packs: [base, user])
        XCTAssertEqual(set.rules.map(\.id), ["a"])
        XCTAssertEqual(set.rules[0].label, .disclaimer)
        XCTAssertEqual(Set(set.overridden.keys), ["a", "b"])
    }

    func testDisablingAnUnknownRuleIsAnError() throws {
        let user = try pack("disable: [nope]\n", "user.yaml")
        XCTAssertThrowsError(try RuleSet(packs: [user])) { error in
            XCTAssertEqual((error as! RuleErrors).errors[0].ruleID, "nope")
        }
    }

    func testRulesAreOrderedByPriorityThenWritingOrder() throws {
        let p = try pack("rules:\n  - {id: low, label: tags, patterns: ['x'], priority: 1}\n  - {id: first, label: tags, patterns: ['x'], priority: 5}\n  - {id: second, label: tags, patterns: ['x'], priority: 5}\n", "p.yaml")
        XCTAssertEqual(try RuleSet(packs: [p]).rules.map(\.id), ["first", "second", "low"])
    }

    func testDefaultPackLoadsAndEveryExampleHolds() throws {
        let set = try RuleSet(packs: RuleSet.embeddedDefaultPacks())
        XCTAssertGreaterThan(set.rules.count, 20)
        for label in Label.allCases where label != .body {
            XCTAssertTrue(set.rules.contains { $0.label == label }, "no default rule for \(label)")
        }
        let result = RuleExampleCheck().run(set.rules)
        XCTAssertGreaterThan(result.checks, 100)
        XCTAssertTrue(result.failures.isEmpty, result.failures.map(\.description).joined(separator: "\n"))
        for rule in set.rules {
            XCTAssertFalse(rule.examples.isEmpty, "rule \(rule.id) has no examples")
        }
    }

    func testExampleCheckReportsBrokenExamples() throws {
        let p = try pack("rules:\n  - id: r\n    label: tags\n    patterns: ['^tags:']\n    examples: ['Topics:']\n    counterexamples: ['tags: a']\n", "p.yaml")
        let result = RuleExampleCheck().run(p.rules)
        XCTAssertEqual(result.failures.map(\.isExample), [true, false])
        XCTAssertTrue(result.failures[0].description.contains("p.yaml:2"))
    }
}
