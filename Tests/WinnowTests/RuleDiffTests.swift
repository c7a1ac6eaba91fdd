import XCTest
@testable import Winnow

final class RuleDiffTests: XCTestCase {
    func testGroupsChangesByDeciderAndScoresBothSides() throws {
        let page = try PageReader(format: .annotated).document(id: "p.labels", source: "p.labels", bytes: Array("""
        navigation\tHome
        body\tJane Doe reports
        body\tThe harbour wall will be rebuilt next spring, the council said on Tuesday after a long debate in the town hall.
        body\tEngineers expect the work to take two years, and the quay road will stay open to traffic for most of that time.
        tags\tTags:
        tags\tHarbour

        """.utf8))
        let defaults = try RuleSet.embeddedDefaultPacks()
        let mine = try RuleLoader().load(yaml: "rules:\n  - {id: byline, label: body, patterns: ['^\\w+ \\w+ reports$'], priority: 60}\n  - {id: home-is-tags, label: tags, patterns: ['^home$'], priority: 95}\n", file: "mine.yaml")
        let before = Pipeline(rules: try RuleSet(packs: defaults)), after = Pipeline(rules: try RuleSet(packs: defaults + [mine]))
        var diff = RuleDiff()
        diff.add(before: before.run(page), after: after.run(page))
        XCTAssertEqual(diff.pages, 1)
        XCTAssertEqual(diff.segments, 6)
        XCTAssertEqual(diff.changes.count, 2, diff.changes.map { "\($0.text): \($0.before) → \($0.after)" }.joined(separator: "\n"))
        XCTAssertEqual(diff.fixes, 1)
        XCTAssertEqual(diff.breaks, 1)
        let groups = diff.groups
        XCTAssertEqual(groups.count, 2)
        XCTAssertTrue(groups.contains { $0.afterSource == "rule:byline" && $0.afterLabel == .body && $0.fixes == 1 })
        XCTAssertTrue(groups.contains { $0.afterSource == "rule:home-is-tags" && $0.breaks == 1 })
        XCTAssertEqual(diff.shifts.first { $0.source == "rule:byline" }?.gained, 1)
        XCTAssertEqual(diff.before.pages, 1)
        XCTAssertLessThan(diff.before.scores(for: .body).recall, diff.after.scores(for: .body).recall)
    }

    func testIdenticalRuleSetsChangeNothing() throws {
        let set = try RuleSet.load(extraPacks: [])
        let document = RawDocument(id: "x", source: "x", bytes: Array("Home\nThe harbour wall will be rebuilt next spring, the council said on Tuesday.\n".utf8))
        var diff = RuleDiff()
        diff.add(before: Pipeline(rules: set).run(document), after: Pipeline(rules: set).run(document))
        XCTAssertTrue(diff.changes.isEmpty)
        XCTAssertEqual(diff.redecided, 0)
        XCTAssertEqual(diff.labelledPages, 0)
    }
}
