import ArgumentParser
import Foundation
import Winnow

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show every segment of a page with its label, the rule or scorer that decided it, and why."
    )

    @Argument(help: "The page to explain (a text dump, or an annotated page to compare against its labels).")
    var page: String

    @OptionGroup var rules: RuleOptions

    @Option(help: "Show only segments with this label.")
    var only: Label?

    @Option(help: "Show only the segment with this index (as printed in the first column).")
    var segment: Int?

    @Option(help: "Colour: auto (when standard output is a terminal), always or never.")
    var color: ColorChoice = .auto

    enum ColorChoice: String, ExpressibleByArgument { case auto, always, never }

    func run() throws {
        let pipeline = Pipeline(rules: try rules.load())
        let item = InputWalker.Item(path: page, relativePath: (page as NSString).lastPathComponent)
        let document: RawDocument
        do { document = try PageReader().read(item) } catch {
            Console.error("\(error)")
            throw ExitCode(1)
        }
        let (result, verdicts) = pipeline.run(document, collectAllHits: true)
        let palette = Palette(enabled: color == .always || (color == .auto && Console.isTerminal(STDOUT_FILENO)))
        let scorer = BodyScorer()
        let nearMisses = NearMissFinder(rules: pipeline.rules.rules)
        print(palette.bold("\(result.id): \(result.segments.count) segments, language \(result.language ?? "unknown")"))
        if let moderation = result.moderation {
            print("verdict \(moderation.verdict.rawValue)" + moderation.reasons.map { "; \($0.rule) (\($0.why))" }.joined())
        }
        let decisions = result.decisions
        for (index, seg) in result.segments.enumerated() {
            let decision = decisions[index]
            if let only, decision.label != only { continue }
            if let segment, segment != index { continue }
            let label = palette.paint(decision.label.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0), decision.label)
            var mark = ""
            if let gold = result.gold?[index], gold != decision.label { mark = "  ✗ gold \(gold.rawValue)" }
            print("\(String(index).leftPad(4)) \(label) \(seg.text)")
            var why = "by \(decision.source)"
            if let runnerUp = decision.runnerUp { why += "; runner-up \(runnerUp.rawValue)" }
            why += String(format: "; score %.2f", result.scores[index])
            why += "; " + scorer.reasons(result.features[index]).joined(separator: ", ")
            let others = verdicts[index].allHits.dropFirst().map { pipeline.rules.rules[$0].id }
            if !others.isEmpty { why += "; also matched " + others.joined(separator: ", ") }
            if let moderation = result.moderation {
                let found = moderation.redactions.filter { $0.segment == index }.map { "redacted \($0.kind) by \($0.rule)" }
                    + moderation.flags.filter { $0.segment == index }.map { "flagged \($0.kind) by \($0.rule)" }
                if !found.isEmpty { why += "; " + found.joined(separator: ", ") }
            }
            print("     " + palette.dim(why) + mark)
            for miss in nearMisses.find(text: seg.text, features: result.features[index]) {
                print("     " + palette.dim("near miss: " + miss.summary))
            }
        }
        if only == nil && segment == nil {
            var counts: [Label: Int] = [:]
            for decision in result.decisions { counts[decision.label, default: 0] += 1 }
            var footer = Label.allCases.map { palette.paint("\($0.rawValue) \(counts[$0] ?? 0)", $0) }.joined(separator: "  ")
            if let gold = result.gold {
                let wrong = zip(gold, result.decisions).filter { $0 != $1.label }.count
                footer += "; \(wrong) of \(gold.count) wrong against the gold labels"
            }
            print(footer)
        }
    }
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
