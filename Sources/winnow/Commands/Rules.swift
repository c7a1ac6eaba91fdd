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

        @Flag(help: "Instead, each classification pattern with its rule and how the prefilter gates it: the prefixes a segment must start with, or the strings it must contain, for the pattern to run (or that it always runs).")
        var literals = false

        func run() throws {
            let set = try rules.load()
            if literals {
                let plan = set.plan
                var index = 0
                func quoted(_ strings: [[UInt8]]) -> String { strings.map { String(decoding: $0, as: UTF8.self).debugDescription }.joined(separator: " ") }
                for rule in set.rules {
                    for pattern in rule.patterns {
                        let gate: String
                        switch plan.prefilter.gates[index] {
                        case .prefix(let prefixes, let lead):
                            var skip: [String] = lead.scalars.sorted().compactMap { Unicode.Scalar($0).map { String($0).debugDescription } }
                            if lead.space { skip.append("white space") }
                            if lead.digit { skip.append("digits") }
                            gate = "starts with " + quoted(prefixes) + (skip.isEmpty ? "" : " (after any " + skip.joined(separator: ", ") + ")")
                        case .contains(let strings): gate = "contains " + quoted(strings)
                        case .always: gate = "(always runs)"
                        }
                        print("\(rule.id)\t\(gate)\t\(pattern.inlineSource)")
                        index += 1
                    }
                }
                let gates = plan.prefilter.gates
                let prefixed = gates.filter { if case .prefix = $0 { return true } else { return false } }.count
                let ungated = gates.filter { $0 == .always }.count
                print("\(index) patterns: \(prefixed) gated by prefixes, \(index - prefixed - ungated) by contained strings (\(plan.prefilter.keyCount) keys), \(ungated) always run")
                return
            }
            for rule in set.rules {
                for pattern in rule.patterns { print(pattern.standaloneSource) }
            }
            for pattern in ModerationRuleListing.patterns(set.moderation) { print(pattern.standaloneSource) }
        }
    }
}
