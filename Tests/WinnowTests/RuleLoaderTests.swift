import XCTest
import Yams
@testable import Winnow

final class RuleLoaderTests: XCTestCase {
    let loader = RuleLoader()

    /// The loader reads YAML without tag resolution: every scalar reads as the same boolean (or
    /// none) as with Yams's resolver for YAML 1.1 booleans.
    func testFlagsAreReadAsYamsBooleanResolverReadsThem() throws {
        let scalars = ["yes", "Yes", "YES", "yEs", "no", "No", "NO", "true", "True", "TRUE", "tRUE", "false", "False",
                       "FALSE", "on", "On", "ON", "off", "Off", "OFF", "y", "n", "1", "0", "", "maybe", "truex",
                       "\"true\"", "'no'", "!!bool yes", "!!bool 'off'", "!!str yes", "! true", "!!int on", "~", "null"]
        for scalar in scalars {
            let yaml = "flag: \(scalar)\n"
            let plain = try XCTUnwrap(try Yams.compose(yaml: yaml, RuleLoader.resolver)?.mapping?["flag"])
            let resolved = try XCTUnwrap(try Yams.compose(yaml: yaml, Resolver.basic.appending(.bool))?.mapping?["flag"])
            XCTAssertEqual(plain.bool, resolved.bool, scalar)
        }
    }

    func testParsesAFullRule() throws {
        let pack = try loader.load(yaml: """
        rules:
          - id: latest
            label: teasers
            patterns: ['^latest stories$']
            when: {words: "< 6", position: bottom}
            priority: 80
            zone: {max: 12}
            examples: ["Latest Stories"]
            counterexamples: ["Latest figures"]
        """, file: "pack.yaml")
        let rule = try XCTUnwrap(pack.rules.first)
        XCTAssertEqual(rule.id, "latest")
        XCTAssertEqual(rule.label, .teasers)
        XCTAssertEqual(rule.priority, 80)
        XCTAssertEqual(rule.zone, ZoneBehaviour(label: .teasers, maxSegments: 12, endsAtProse: true))
        XCTAssertEqual(rule.conditions.count, 2)
        XCTAssertEqual(rule.origin, RuleOrigin(file: "pack.yaml", line: 2))
        XCTAssertTrue(rule.patterns[0].options.contains(.caseInsensitive))
    }

    func testBadPatternNamesFileLineAndRule() {
        XCTAssertThrowsError(try loader.load(yaml: """
        rules:
          - id: good
            label: tags
            patterns: ['^tags:']
          - id: broken
            label: tags
            patterns:
              - '(unclosed'
        """, file: "mine.yaml")) { error in
            let errors = (error as! RuleErrors).errors
            XCTAssertEqual(errors.count, 1)
            XCTAssertEqual(errors[0].file, "mine.yaml")
            XCTAssertEqual(errors[0].line, 8)
            XCTAssertEqual(errors[0].ruleID, "broken")
            XCTAssertTrue(errors[0].message.contains("missing closing parenthesis"), errors[0].message)
            XCTAssertTrue(errors[0].message.contains("offset 9"), errors[0].message)
        }
    }

    func testUnknownKeysLabelsConditionsAndDuplicatesAreErrors() {
        XCTAssertThrowsError(try loader.load(yaml: """
        rules:
          - id: a
            label: tags
            patterns: ['x']
            colour: red
          - id: b
            label: footer
            patterns: ['y']
          - id: c
            label: body
            patterns: ['z']
            when: {wrods: "< 3"}
          - id: d
            label: body
            patterns: ['z']
            when: {words: "lots"}
          - id: a
            label: tags
            patterns: ['x']
        """, file: "bad.yaml")) { error in
            let errors = (error as! RuleErrors).errors
            let summary = errors.map { "\($0.line) \($0.ruleID ?? "-")" }
            XCTAssertEqual(summary, ["5 a", "7 b", "12 c", "16 d", "17 a"], "\(errors)")
            XCTAssertTrue(errors[0].message.contains("unknown key \"colour\""))
            XCTAssertTrue(errors[1].message.contains("unknown label \"footer\""))
            XCTAssertTrue(errors[2].message.contains("unknown feature \"wrods\""))
            XCTAssertTrue(errors[3].message.contains("not a number"))
            XCTAssertTrue(errors[4].message.contains("duplicate rule id"))
        }
    }

    func testInvalidYAMLNamesTheLine() {
        XCTAssertThrowsError(try loader.load(yaml: "rules:\n  - id: a\n    label: [tags\n", file: "y.yaml")) { error in
            let first = (error as! RuleErrors).errors[0]
            XCTAssertEqual(first.file, "y.yaml")
            XCTAssertTrue(first.message.contains("not valid YAML"))
        }
    }

    func testContextSettingsAreApplied() throws {
        let pack = try loader.load(yaml: "context:\n  body_threshold: 0.7\n  smoothing: false\n  zone_prose_words: 9\n", file: "c.yaml")
        let set = try RuleSet(packs: [pack])
        XCTAssertEqual(set.context.bodyThreshold, 0.7)
        XCTAssertFalse(set.context.smoothing)
        XCTAssertEqual(set.context.zoneProseWords, 9)
        XCTAssertThrowsError(try loader.load(yaml: "context:\n  body_treshold: 0.7\n", file: "c.yaml"))
    }
}
