import ArgumentParser
import Foundation
import Winnow

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show which segments change label between two rule sets, grouped by the rule or scorer on each side.",
        discussion: """
        The baseline is the default rules plus the --against packs; the candidate is the default rules plus the --rules packs (with --no-default-rules, only the packs). Either may be empty: `winnow diff --rules mine/ CORPUS` compares the defaults with the defaults plus mine/.

        For labelled pages (*.labels), each side's per-label precision, recall and F1 is shown, and every change is marked fixed (+) or broken (-) against the gold label.
        """
    )

    @Argument(help: "Pages or folders of them (labelled pages are read with their labels).")
    var corpus: [String]

    @Option(name: .customLong("rules"), help: ArgumentHelp("A rule pack of the candidate side; repeatable.", valueName: "A"))
    var candidate: [String] = []

    @Option(name: .customLong("against"), help: ArgumentHelp("A rule pack of the baseline side; repeatable.", valueName: "B"))
    var baseline: [String] = []

    @Flag(name: .customLong("no-default-rules"), help: "Leave the built-in rules out of both sides.")
    var noDefaults = false

    @Option(help: ArgumentHelp("Examples to show per group.", valueName: "N"))
    var examples = 3

    @Flag(help: "Print the diff as JSON.")
    var json = false

    func load(_ packs: [String]) throws -> RuleSet {
        var options = try RuleOptions.parse([])
        options.packs = packs
        options.noDefaults = noDefaults
        return try options.load()
    }

    func run() throws {
        let before = Pipeline(rules: try load(baseline)), after = Pipeline(rules: try load(candidate))
        let (items, problems) = InputWalker().items(for: corpus)
        var failures = problems.count
        problems.forEach { Console.error($0.description) }
        let reader = PageReader()
        var diff = RuleDiff()
        for item in items {
            do {
                let document = try reader.read(item)
                diff.add(before: before.run(document), after: after.run(document))
            } catch {
                failures += 1
                Console.error("\(error)")
            }
        }
        let side = { (packs: [String]) -> String in
            let parts = (noDefaults ? [] : ["defaults"]) + packs
            return parts.isEmpty ? "no rules" : parts.joined(separator: " + ")
        }
        print(json ? DiffReport.json(diff, before: side(baseline), after: side(candidate), examples: examples)
                   : DiffReport.text(diff, before: side(baseline), after: side(candidate), examples: examples))
        if failures > 0 { throw ExitCode(1) }
    }
}

enum DiffReport {
    static func f(_ x: Double) -> String { String(format: "%.3f", x) }

    static func signed(_ x: Double) -> String { (x >= 0.0005 ? "+" : x <= -0.0005 ? "" : "±") + String(format: "%.3f", abs(x) < 0.0005 ? 0 : x) }

    static func mark(_ change: RuleDiff.Change) -> String {
        guard let gold = change.gold else { return "" }
        if change.isFix { return "  + fixed (gold \(gold.rawValue))" }
        if change.isBreak { return "  - broken (gold \(gold.rawValue))" }
        return "  wrong both ways (gold \(gold.rawValue))"
    }

    static func text(_ diff: RuleDiff, before: String, after: String, examples: Int) -> String {
        var lines: [String] = []
        let share = diff.segments == 0 ? 0 : 100 * Double(diff.changes.count) / Double(diff.segments)
        lines.append("before: \(before)")
        lines.append("after:  \(after)")
        lines.append("\(diff.pages) pages, \(diff.segments) segments: \(diff.changes.count) change label (\(String(format: "%.2f", share))%), \(diff.redecided) keep their label with another decider")
        if diff.labelledPages > 0 && !diff.changes.isEmpty {
            lines.append("against the gold labels: \(diff.fixes) fixed, \(diff.breaks) broken, \(diff.stillWrong) wrong both before and after")
        }
        let groups = diff.groups
        if !groups.isEmpty {
            lines.append("")
            lines.append("changes, grouped by the decider on each side (before → after):")
            for group in groups {
                var head = "\(String(group.changes.count).leftPad(6))  \(group.beforeLabel.rawValue) by \(group.beforeSource)  →  \(group.afterLabel.rawValue) by \(group.afterSource)"
                if diff.labelledPages > 0 { head += "  (\(group.fixes) fixed, \(group.breaks) broken)" }
                lines.append(head)
                for change in group.changes.prefix(examples) {
                    let text = change.text.count > 80 ? String(change.text.prefix(77)) + "..." : change.text
                    lines.append("          \(change.page):\(change.line)  \(text.quoted)\(mark(change))")
                }
                if group.changes.count > examples { lines.append("          ... \(group.changes.count - examples) more") }
            }
            lines.append("")
            lines.append("by decider (segments it decides only after / only before):")
            for shift in diff.shifts {
                var line = "  " + shift.source.padded(44) + "+\(shift.gained)".padded(7) + "-\(shift.lost)"
                if diff.labelledPages > 0 && shift.gained > 0 { line = line.padded(58) + "(\(shift.fixes) fixed, \(shift.breaks) broken)" }
                lines.append(line)
            }
        }
        if diff.labelledPages > 0 {
            lines.append("")
            lines.append("figures on \(diff.labelledPages) labelled page\(diff.labelledPages == 1 ? "" : "s")    before (P / R / F1)        after (P / R / F1)         F1 change")
            for label in Label.allCases {
                let a = diff.before.scores(for: label), b = diff.after.scores(for: label)
                lines.append("  " + label.rawValue.padded(34) + "\(f(a.precision)) \(f(a.recall)) \(f(a.f1))".padded(27) + "\(f(b.precision)) \(f(b.recall)) \(f(b.f1))".padded(27) + signed(b.f1 - a.f1))
            }
            lines.append("  " + "macro F1".padded(34) + f(diff.before.macroF1).padded(27) + f(diff.after.macroF1).padded(27) + signed(diff.after.macroF1 - diff.before.macroF1))
            lines.append("  " + "accuracy".padded(34) + f(diff.before.accuracy).padded(27) + f(diff.after.accuracy).padded(27) + signed(diff.after.accuracy - diff.before.accuracy))
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ diff: RuleDiff, before: String, after: String, examples: Int) -> String {
        var object: [String: Any] = ["before": before, "after": after, "pages": diff.pages, "segments": diff.segments,
                                     "changed": diff.changes.count, "redecided": diff.redecided]
        object["groups"] = diff.groups.map { group -> [String: Any] in
            ["before": ["label": group.beforeLabel.rawValue, "by": group.beforeSource],
             "after": ["label": group.afterLabel.rawValue, "by": group.afterSource],
             "count": group.changes.count, "fixed": group.fixes, "broken": group.breaks,
             "examples": group.changes.prefix(examples).map { change -> [String: Any] in
                 var entry: [String: Any] = ["page": change.page, "line": change.line, "text": change.text]
                 if let gold = change.gold { entry["gold"] = gold.rawValue }
                 return entry
             }]
        }
        object["deciders"] = diff.shifts.map { ["by": $0.source, "gained": $0.gained, "lost": $0.lost, "fixed": $0.fixes, "broken": $0.breaks] }
        if diff.labelledPages > 0 {
            object["fixed"] = diff.fixes
            object["broken"] = diff.breaks
            object["figures"] = ["before": EvalReport.jsonObject(diff.before), "after": EvalReport.jsonObject(diff.after)]
        }
        return JSONText.encode(object)
    }
}
