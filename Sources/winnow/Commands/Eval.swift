import ArgumentParser
import Foundation
import Winnow

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score the rules against labelled pages: per-label precision, recall and F1, macro F1, confusion matrix.",
        discussion: """
        CORPUS is an annotated page (label<TAB>line, see LABELS.md) or a folder of them (*.labels).

        --moderation DIR scores moderation instead, on a fixture folder such as corpus/moderation: verdict accuracy on its *.page files and redaction precision and recall per kind on its *.marked files, with the profiles given (default: corpus-quality and pii).
        """
    )

    @Argument(help: "Annotated pages or folders of them.")
    var corpus: [String] = []

    @OptionGroup var rules: RuleOptions

    @Flag(help: "Print the figures as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Score moderation on a fixture folder (*.page verdicts, *.marked redactions).", valueName: "DIR"))
    var moderation: String?

    @Flag(help: "With --moderation: list every wrong verdict and every missed or extra redaction.")
    var showErrors = false

    func validate() throws {
        if corpus.isEmpty && moderation == nil { throw ValidationError("give a corpus to score, or --moderation DIR") }
    }

    func run() throws {
        if let moderation {
            try ModerationEvalCommand.run(folder: moderation, rules: rules, json: json, showErrors: showErrors)
            if corpus.isEmpty { return }
        }
        let pipeline = Pipeline(rules: try rules.load())
        let reader = PageReader(format: .annotated)
        var (items, problems) = InputWalker().items(for: corpus)
        items = items.filter { $0.path.hasSuffix(".labels") || corpus.contains($0.path) }
        var failures = problems.count
        problems.forEach { Console.error($0.description) }
        var evaluation = Evaluation()
        for item in items {
            do {
                let page = pipeline.run(try reader.read(item))
                guard let gold = page.gold else {
                    failures += 1
                    Console.error("\(item.path): labels do not line up with the page's segments")
                    continue
                }
                evaluation.add(gold: gold, predicted: page.decisions.map(\.label))
            } catch {
                failures += 1
                Console.error("\(error)")
            }
        }
        print(json ? EvalReport.json(evaluation) : EvalReport.text(evaluation))
        if failures > 0 { throw ExitCode(1) }
    }
}

enum EvalReport {
    static func text(_ e: Evaluation) -> String {
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        var lines = ["\(e.pages) pages, \(e.segments) segments", "", "label        precision  recall  F1     support"]
        for label in Label.allCases {
            let s = e.scores(for: label)
            lines.append(label.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0) + f(s.precision).padding(toLength: 11, withPad: " ", startingAt: 0) + f(s.recall).padding(toLength: 8, withPad: " ", startingAt: 0) + f(s.f1).padding(toLength: 7, withPad: " ", startingAt: 0) + "\(s.support)")
        }
        lines.append("macro F1     \(f(e.macroF1))")
        lines.append("accuracy     \(f(e.accuracy))")
        lines.append("")
        lines.append("confusion (rows gold, columns predicted)")
        let header = "gold\\pred".padding(toLength: 12, withPad: " ", startingAt: 0) + Label.allCases.map { $0.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0) }.joined()
        lines.append(header)
        for gold in Label.allCases {
            lines.append(gold.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0) + Label.allCases.map { String(e.count(gold: gold, predicted: $0)).padding(toLength: 11, withPad: " ", startingAt: 0) }.joined())
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ e: Evaluation) -> String {
        var labels: [String: Any] = [:]
        for label in Label.allCases {
            let s = e.scores(for: label)
            labels[label.rawValue] = ["precision": s.precision, "recall": s.recall, "f1": s.f1, "support": s.support]
        }
        var confusion: [String: [String: Int]] = [:]
        for gold in Label.allCases {
            confusion[gold.rawValue] = Dictionary(uniqueKeysWithValues: Label.allCases.map { ($0.rawValue, e.count(gold: gold, predicted: $0)) })
        }
        let object: [String: Any] = ["pages": e.pages, "segments": e.segments, "labels": labels, "macro_f1": e.macroF1, "accuracy": e.accuracy, "confusion": confusion]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
