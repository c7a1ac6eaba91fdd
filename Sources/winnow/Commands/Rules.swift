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
        static let configuration = CommandConfiguration(
            abstract: "Every PCRE2 pattern of the loaded rules, one a line, options written inline (for pcre2grep -f).",
            discussion: "Each line starts with (*UTF)(*UCP) and the rule's options, e.g. (?i), so that `pcre2grep -f FILE` runs exactly the patterns Winnow runs (UTF-8 subjects, Unicode \\w, \\b and case folding).")
        @OptionGroup var rules: RuleOptions

        @Flag(help: "Instead, each classification pattern's rule and the literals that gate it in the prefilter (or that it always runs).")
        var literals = false

        func run() throws {
            let set = try rules.load()
            if literals {
                let plan = set.plan
                var index = 0
                for rule in set.rules {
                    for pattern in rule.patterns {
                        let gate = plan.prefilter.literals[index].map { $0.map { String(decoding: $0, as: UTF8.self).debugDescription }.joined(separator: " ") } ?? "(always runs)"
                        print("\(rule.id)\t\(gate)\t\(pattern.inlineSource.prefix(80))")
                        index += 1
                    }
                }
                let ungated = plan.prefilter.literals.filter { $0 == nil }.count
                print("\(index) patterns, \(index - ungated) gated by literals, \(ungated) always run; \(plan.prefilter.keyCount) literal keys")
                return
            }
            for rule in set.rules {
                for pattern in rule.patterns { print(pattern.standaloneSource) }
            }
            for pattern in ModerationRuleListing.patterns(set.moderation) { print(pattern.standaloneSource) }
        }
    }
}
