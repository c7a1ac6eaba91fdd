import ArgumentParser
import Foundation
import Winnow

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, test and export the loaded rules.",
        subcommands: [List.self, Test.self, Patterns.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every loaded rule in decision order: priority, id, label, and where it is defined.")
        @OptionGroup var rules: RuleOptions

        func run() throws {
            let set = try rules.load()
            for rule in set.rules {
                let zone = rule.zone.map { " zone(\($0.label.rawValue), max \($0.maxSegments))" } ?? ""
                print("\(String(rule.priority).leftPad(4))  \(rule.id.padding(toLength: 36, withPad: " ", startingAt: 0)) \(rule.label.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(rule.origin)\(zone)")
            }
            for line in ModerationRuleListing.lines(set.moderation) { print(line) }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run every rule's examples (must fire) and counterexamples (must not); non-zero exit on any failure.")
        @OptionGroup var rules: RuleOptions

        func run() throws {
            let set = try rules.load()
            let result = RuleExampleCheck().run(set)
            for failure in result.failures { print("FAIL \(failure)") }
            print("\(result.checks - result.failures.count) passed, \(result.failures.count) failed (\(result.rules) rules)")
            if !result.failures.isEmpty { throw ExitCode(1) }
        }
    }

    struct Patterns: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every PCRE2 pattern of the loaded rules, one a line, options written inline (for pcre2grep -f).")
        @OptionGroup var rules: RuleOptions

        func run() throws {
            let set = try rules.load()
            for rule in set.rules {
                for pattern in rule.patterns { print(pattern.inlineSource) }
            }
            for pattern in ModerationRuleListing.patterns(set.moderation) { print(pattern.inlineSource) }
        }
    }
}
