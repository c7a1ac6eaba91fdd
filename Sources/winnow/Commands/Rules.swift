import ArgumentParser
import Foundation
import Winnow

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List, test, lint, export and profile the loaded rules.",
        subcommands: [List.self, Test.self, Lint.self, Patterns.self, Profile.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every loaded rule in decision order: priority, id, label, and where it is defined.")
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
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run every rule's examples and counterexamples, and the page expectations kept beside the packs; non-zero exit on any failure.",
            discussion: """
            Examples must fire and counterexamples must not. Page expectations (<pack>/expectations/*.yaml, and the built-in pack's own) run the whole pipeline on a page and check the sentences its cleaned article must keep and drop, and the labels of named segments. Every failure is printed as FAIL file:line: ..., with the segment and the rule or scorer that decided it.

            Exit status: 0 all passed; 1 some check failed; 2 bad rules or expectation files.
            """
        )
        @OptionGroup var rules: RuleOptions

        @Option(name: .customLong("expectations"), help: ArgumentHelp("An expectation file or folder of them to run as well (pages relative to the file); repeatable.", valueName: "PATH"))
        var expectationPaths: [String] = []

        @Flag(help: "Skip the built-in pack's page expectations.")
        var noDefaultExpectations = false

        @Flag(name: .shortAndLong, help: "Also print each page that passed.")
        var verbose = false

        func run() throws {
            let set = try rules.load()
            var sets: [ExpectationSet] = []
            do {
                if !rules.noDefaults && !noDefaultExpectations { sets += try PageExpectationLoader.embeddedDefault() }
                sets += try PageExpectationLoader.beside(packs: rules.packs)
                sets += try PageExpectationLoader.named(expectationPaths)
            } catch let errors as RuleErrors {
                Console.error("bad expectation files:\n" + errors.errors.map { "  \($0)" }.joined(separator: "\n"))
                throw ExitCode(2)
            }
            let examples = RuleExampleCheck().run(set)
            for failure in examples.failures { print("FAIL \(failure)") }
            let pages = PageExpectationCheck(rules: set).run(sets)
            for failure in pages.failures { print("FAIL \(failure)") }
            if verbose {
                let failing = Set(pages.failures.map { "\($0.page)@\($0.origin.file)" })
                for expectationSet in sets {
                    for page in expectationSet.pages where !failing.contains("\(page.name)@\(page.origin.file)") {
                        print("PASS \(page.origin): page \(page.name.quoted) (\(page.checkCount) checks)")
                    }
                }
            }
            print("examples: \(examples.checks - examples.failures.count) passed, \(examples.failures.count) failed (\(examples.rules) rules)")
            print("pages: \(pages.checks - pages.failures.count) passed, \(pages.failures.count) failed (\(pages.pages) page\(pages.pages == 1 ? "" : "s") in \(pages.files) file\(pages.files == 1 ? "" : "s"))")
            if !examples.failures.isEmpty || !pages.failures.isEmpty { throw ExitCode(1) }
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Find broken and suspicious rules: load errors, duplicate ids, rules that can never fire, shadowed rules, catastrophic patterns, untested patterns, rules idle on a corpus.",
            discussion: """
            Errors (exit status 1): a file that does not load (a pattern PCRE2 cannot compile, a duplicate id, ...), an id defined twice in one pack, a rule whose conditions or pattern lengths make it impossible, a pattern that hits PCRE2's match limit on crafted subjects.
            Warnings (exit status 0): shadowed rules (every example claimed first by a rule of another label), nested unbounded repetitions, patterns no example exercises, rules without examples, duplicate patterns, patterns the JIT refused, and with --corpus: rules that fire on no page, never decide, or decide mostly against the gold labels.

            Each finding is printed as FILE:LINE: error|warning: rule "ID": message [check].
            """
        )
        @OptionGroup var rules: RuleOptions

        @Option(help: ArgumentHelp("Also run the rules over these pages (files or folders; labelled pages add the gold-label check); repeatable.", valueName: "DIR"))
        var corpus: [String] = []

        @Flag(help: "Print errors only.")
        var errorsOnly = false

        @Flag(help: "Report only on the --rules packs (the built-in rules still take part, e.g. in shadowing).")
        var packsOnly = false

        func run() throws {
            let input = LintInput.load(extraPacks: rules.packs, includeDefaults: !rules.noDefaults)
            var report = Linter.standard(corpus: corpus).run(input)
            if packsOnly {
                let builtIn = Set(input.packs.filter { $0.name == LintInput.defaultPackName }.flatMap { $0.files.map(\.file) })
                report.findings.removeAll { builtIn.contains($0.origin.file) }
            }
            for finding in report.findings where !errorsOnly || finding.severity == .error { print(finding) }
            print("lint: \(report.errors) error\(report.errors == 1 ? "" : "s"), \(report.warnings) warning\(report.warnings == 1 ? "" : "s") (\(report.rules) rules in \(report.files) file\(report.files == 1 ? "" : "s"))")
            if report.errors > 0 { throw ExitCode(1) }
        }
    }

    struct Patterns: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "patterns",
            abstract: "Every PCRE2 pattern of the loaded rules, one a line, options written inline (for pcre2grep -f).",
            discussion: "Each line starts with (*UTF)(*UCP) and the rule's options, e.g. (?i), so that `pcre2grep -f FILE` runs exactly the patterns Winnow runs (UTF-8 subjects, Unicode \\w, \\b and case folding).")
        @OptionGroup var rules: RuleOptions

        @Flag(help: "Instead, each classification pattern with its rule and how the prefilter gates it: the prefixes a segment must start with, or the strings it must contain, for the pattern to run (or that it always runs), then PCRE2's own bounds: the bytes a segment may start with and the fewest bytes it must hold.")
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
                        case .always: gate = "no literal"
                        }
                        let bounds = Self.bounds(plan.prefilter.matchStarts[index].minimumLength, plan.prefilter.matchStarts[index].firstBytes)
                        let shown = gate == "no literal" && bounds.isEmpty ? "(always runs)" : ([gate] + bounds).joined(separator: "; ")
                        print("\(rule.id)\t\(shown)\t\(pattern.inlineSource)")
                        index += 1
                    }
                }
                let gates = plan.prefilter.gates
                let prefixed = gates.filter { if case .prefix = $0 { return true } else { return false } }.count
                let ungated = gates.filter { $0 == .always }.count
                let bounded = gates.indices.filter { gates[$0] == .always && !Self.bounds(plan.prefilter.matchStarts[$0].minimumLength, plan.prefilter.matchStarts[$0].firstBytes).isEmpty }.count
                print("\(index) patterns: \(prefixed) gated by prefixes, \(index - prefixed - ungated) by contained strings (\(plan.prefilter.keyCount) keys), \(ungated) by no literal (\(bounded) of them by first byte or length, \(ungated - bounded) always run)")
                return
            }
            for rule in set.rules {
                for pattern in rule.patterns { print(pattern.standaloneSource) }
            }
            for pattern in ModerationRuleListing.patterns(set.moderation) { print(pattern.standaloneSource) }
        }

        /// PCRE2's bounds on a segment the pattern can match, as the prefilter applies them:
        /// `first byte [0-9 \xc2]`, `at least 3 bytes` (none when every segment passes them).
        static func bounds(_ minimumLength: Int, _ firstBytes: [Bool]?) -> [String] {
            var bounds: [String] = []
            if let firstBytes { bounds.append("first byte [" + byteRanges(firstBytes) + "]") }
            if minimumLength > 1 { bounds.append("at least \(minimumLength) bytes") }
            return bounds
        }

        /// The allowed bytes as ranges, apart: `0-9 < \x80-\xc2`, printable ASCII as itself, other bytes as `\xHH`.
        static func byteRanges(_ allowed: [Bool]) -> String {
            func shown(_ byte: Int) -> String {
                let plain = byte > 0x20 && byte < 0x7F && !"[]\\-".utf8.contains(UInt8(byte))
                return plain ? String(UnicodeScalar(UInt8(byte))) : String(format: "\\x%02x", byte)
            }
            var text = ""
            var byte = 0
            while byte < 256 {
                guard allowed[byte] else { byte += 1; continue }
                var last = byte
                while last + 1 < 256 && allowed[last + 1] { last += 1 }
                text += (text.isEmpty ? "" : " ") + (last - byte >= 2 ? shown(byte) + "-" + shown(last) : (byte...last).map(shown).joined(separator: " "))
                byte = last + 1
            }
            return text
        }
    }
}
