import ArgumentParser
import Foundation
import Winnow

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score the rules: against labelled pages, gold article text, or snippet expectations.",
        discussion: """
        Three kinds of gold data, whichever you have:

          winnow eval CORPUS...                          labelled pages (label<TAB>line, see LABELS.md; folders are searched for *.labels): per-label precision, recall and F1, macro F1, accuracy, the confusion matrix, and the article text scored by 4-token shingles
          winnow eval PAGES... --gold-text DIR           text pages, each scored against the gold article of the same name in DIR by 4-token shingles (precision, recall, F1 per page and overall)
          winnow eval --expectations FILE [--pages DIR]  snippet expectations in the dev-set format (one JSON object a line: id, with, without); pages/<id>.txt is cleaned and every `with` snippet must be in the article, every `without` snippet must not (whitespace-normalised substring test, as the dev set's score.py)

        --by-language adds figures per page language (as guessed from the stopword lists).

        --moderation DIR scores moderation instead, on a fixture folder such as corpus/moderation: verdict accuracy on its *.page files and redaction precision and recall per kind on its *.marked files, with the profiles given (default: corpus-quality and pii).
        """
    )

    @Argument(help: "Labelled pages or folders of them; with --gold-text, the text pages to clean.")
    var corpus: [String] = []

    @OptionGroup var rules: RuleOptions

    @Option(help: ArgumentHelp("Score against gold article text: a folder of text files matched to the pages by name.", valueName: "DIR"))
    var goldText: String?

    @Option(help: ArgumentHelp("Score against snippet expectations: a JSON-lines file of {id, with, without}.", valueName: "FILE"))
    var expectations: String?

    @Option(help: ArgumentHelp("With --expectations: the folder holding <id>.txt (default: pages/ beside the expectations file).", valueName: "DIR"))
    var pages: String?

    @Flag(help: "Add figures per page language.")
    var byLanguage = false

    @Option(help: ArgumentHelp("List the N pages with the most misses (snippets or shingles).", valueName: "N"))
    var failures: Int = 0

    @Flag(help: "Print the figures as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Score moderation on a fixture folder (*.page verdicts, *.marked redactions).", valueName: "DIR"))
    var moderation: String?

    @Flag(help: "With --moderation: list every wrong verdict and every missed or extra redaction.")
    var showErrors = false

    func validate() throws {
        if expectations != nil {
            guard goldText == nil else { throw ValidationError("--expectations and --gold-text cannot be combined") }
            guard corpus.isEmpty else { throw ValidationError("with --expectations, pages come from --pages DIR, not from arguments") }
        } else {
            guard pages == nil else { throw ValidationError("--pages needs --expectations") }
            guard !corpus.isEmpty || moderation != nil else { throw ValidationError("give labelled pages, pages with --gold-text DIR, --expectations FILE, or --moderation DIR") }
        }
        guard failures >= 0 else { throw ValidationError("--failures takes a count") }
    }

    func run() throws {
        if let moderation {
            try ModerationEvalCommand.run(folder: moderation, rules: rules, json: json, showErrors: showErrors)
            if corpus.isEmpty && expectations == nil { return }
        }
        let pipeline = Pipeline(rules: try rules.load())
        let ok: Bool
        if let expectations {
            ok = try runSnippets(pipeline, file: expectations)
        } else if let goldText {
            ok = runGoldText(pipeline, folder: goldText)
        } else {
            ok = runLabelled(pipeline)
        }
        if !ok { throw ExitCode(1) }
    }

    // MARK: labelled pages

    func runLabelled(_ pipeline: Pipeline) -> Bool {
        let reader = PageReader(format: .annotated)
        var (items, problems) = InputWalker().items(for: corpus)
        items = items.filter { $0.path.hasSuffix(".labels") || corpus.contains($0.path) }
        var failed = problems.count
        problems.forEach { Console.error($0.description) }
        var overall = LabelledFigures()
        var languages: [String: LabelledFigures] = [:]
        var worst: [(misses: Int, id: String, detail: String)] = []
        for item in items {
            do {
                let page = pipeline.run(try reader.read(item))
                guard let gold = page.gold else {
                    failed += 1
                    Console.error("\(item.path): labels do not line up with the page's segments")
                    continue
                }
                let predicted = page.decisions.map(\.label)
                overall.add(gold: gold, page: page)
                if byLanguage { languages[page.language ?? "unknown", default: LabelledFigures()].add(gold: gold, page: page) }
                let wrong = zip(gold, predicted).filter { $0 != $1 }.count
                if wrong > 0 { worst.append((wrong, page.id, "\(wrong) of \(gold.count) segments wrong")) }
            } catch {
                failed += 1
                Console.error("\(error)")
            }
        }
        worst.sort { ($0.misses, $1.id) > ($1.misses, $0.id) }
        if json {
            var object = overall.json
            if byLanguage { object["languages"] = languages.mapValues(\.json) }
            if failures > 0 { object["worst"] = worst.prefix(failures).map { ["id": $0.id, "misses": $0.misses] } }
            print(JSONText.encode(object))
        } else {
            print(EvalReport.text(overall.labels))
            print("")
            print("article text (4-token shingles of the body lines): " + EvalReport.shingles(overall.text))
            if byLanguage {
                print("")
                print("by language       pages  segments  macro F1  accuracy  text F1")
                for (language, figures) in languages.sorted(by: { $0.key < $1.key }) {
                    let e = figures.labels
                    print(language.padded(16) + String(e.pages).leftPad(7) + String(e.segments).leftPad(10) + EvalReport.f(e.macroF1).leftPad(10) + EvalReport.f(e.accuracy).leftPad(10) + EvalReport.f(figures.text.f1).leftPad(9))
                }
            }
            if failures > 0 && !worst.isEmpty {
                print("")
                print("pages with the most wrong segments:")
                for entry in worst.prefix(failures) { print("  \(entry.id): \(entry.detail)") }
            }
        }
        return failed == 0
    }

    // MARK: gold article text

    func runGoldText(_ pipeline: Pipeline, folder: String) -> Bool {
        let reader = PageReader()
        let (items, problems) = InputWalker().items(for: corpus)
        var failed = problems.count
        problems.forEach { Console.error($0.description) }
        let scorer = ShingleScorer()
        var overall = ShingleCounts()
        var pageF1Sum = 0.0
        var languages: [String: (pages: Int, counts: ShingleCounts)] = [:]
        var rows: [(id: String, language: String, counts: ShingleCounts)] = []
        for item in items {
            guard let goldPath = GoldText.path(for: item, in: folder) else {
                failed += 1
                Console.error("\(item.path): no gold text in \(folder) (looked for \(GoldText.candidates(for: item, in: folder).joined(separator: ", ")))")
                continue
            }
            do {
                let page = pipeline.run(try reader.read(item))
                guard let data = FileManager.default.contents(atPath: goldPath) else {
                    failed += 1
                    Console.error("\(goldPath): cannot read file")
                    continue
                }
                let counts = scorer.score(predicted: page.text(), gold: String(decoding: data, as: UTF8.self))
                overall += counts
                pageF1Sum += counts.f1
                let language = page.language ?? "unknown"
                languages[language, default: (0, ShingleCounts())].pages += 1
                languages[language, default: (0, ShingleCounts())].counts += counts
                rows.append((page.id, language, counts))
            } catch {
                failed += 1
                Console.error("\(error)")
            }
        }
        let meanF1 = rows.isEmpty ? 0 : pageF1Sum / Double(rows.count)
        if json {
            var object: [String: Any] = ["pages": rows.count, "shingle_size": scorer.size, "overall": EvalReport.json(overall), "mean_page_f1": meanF1]
            object["per_page"] = rows.map { ["id": $0.id, "language": $0.language].merging(EvalReport.json($0.counts)) { a, _ in a } }
            if byLanguage { object["languages"] = languages.mapValues { ["pages": $0.pages].merging(EvalReport.json($0.counts)) { a, _ in a } } }
            print(JSONText.encode(object))
        } else {
            let width = max(4, rows.map(\.id.count).max() ?? 0) + 2
            print("page".padded(width) + "precision  recall  F1")
            for row in rows {
                print(row.id.padded(width) + EvalReport.f(row.counts.precision).padded(11) + EvalReport.f(row.counts.recall).padded(8) + EvalReport.f(row.counts.f1))
            }
            print("")
            print("\(rows.count) pages, 4-token shingles: " + EvalReport.shingles(overall) + "; mean page F1 " + EvalReport.f(meanF1))
            if byLanguage {
                print("")
                print("by language       pages  precision  recall  F1")
                for (language, entry) in languages.sorted(by: { $0.key < $1.key }) {
                    print(language.padded(16) + String(entry.pages).leftPad(7) + "  " + EvalReport.f(entry.counts.precision).padded(11) + EvalReport.f(entry.counts.recall).padded(8) + EvalReport.f(entry.counts.f1))
                }
            }
            if failures > 0 {
                print("")
                print("pages with the lowest F1:")
                for row in rows.sorted(by: { ($0.counts.f1, $0.id) < ($1.counts.f1, $1.id) }).prefix(failures) {
                    print("  \(row.id): F1 \(EvalReport.f(row.counts.f1)) (precision \(EvalReport.f(row.counts.precision)), recall \(EvalReport.f(row.counts.recall)))")
                }
            }
        }
        return failed == 0
    }

    // MARK: snippet expectations

    func runSnippets(_ pipeline: Pipeline, file: String) throws -> Bool {
        guard let data = FileManager.default.contents(atPath: file) else {
            Console.error("\(file): cannot read file")
            throw ExitCode(1)
        }
        let items: [SnippetExpectation]
        do { items = try SnippetExpectation.parseLines(String(decoding: data, as: UTF8.self)) } catch {
            Console.error("\(file): \(error)")
            throw ExitCode(1)
        }
        let folder = pages ?? ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent("pages")
        let reader = PageReader(format: .text)
        let scorer = SnippetScorer()
        var failed = 0
        var overall = SnippetCounts()
        var languages: [String: (pages: Int, counts: SnippetCounts)] = [:]
        var results: [(result: SnippetPageResult, page: ClassifiedPage?)] = []
        for expectation in items {
            let path = (folder as NSString).appendingPathComponent(expectation.id + ".txt")
            var page: ClassifiedPage?
            do {
                page = pipeline.run(try reader.read(InputWalker.Item(path: path, relativePath: expectation.id + ".txt")))
            } catch {
                // As score.py counts a missing prediction: an empty article.
                failed += 1
                Console.error("\(error)")
            }
            let result = scorer.score(output: page.map { TextWriter().render($0) } ?? "", against: expectation)
            overall += result.counts
            if byLanguage {
                let language = page?.language ?? "unknown"
                languages[language, default: (0, SnippetCounts())].pages += 1
                languages[language, default: (0, SnippetCounts())].counts += result.counts
            }
            results.append((result, failures > 0 ? page : nil))
        }
        let worst = results.filter { $0.result.misses > 0 }
            .sorted { ($0.result.misses, $0.result.id) > ($1.result.misses, $1.result.id) }
            .prefix(failures)
        if json {
            var object = EvalReport.json(overall)
            object["pages"] = items.count
            if byLanguage { object["languages"] = languages.mapValues { EvalReport.json($0.counts).merging(["pages": $0.pages]) { a, _ in a } } }
            if failures > 0 { object["worst"] = worst.map { ["id": $0.result.id, "lost": $0.result.lost, "kept": $0.result.kept] } }
            print(JSONText.encode(object))
        } else {
            print("\(items.count) pages, " + EvalReport.snippets(overall))
            if byLanguage {
                print("")
                print("by language       pages  snippets  F1     precision  recall  accuracy")
                for (language, entry) in languages.sorted(by: { $0.key < $1.key }) {
                    let c = entry.counts
                    print(language.padded(16) + String(entry.pages).leftPad(7) + String(c.snippets).leftPad(10) + "  " + EvalReport.f(c.f1).padded(7) + EvalReport.f(c.precision).padded(11) + EvalReport.f(c.recall).padded(8) + EvalReport.f(c.accuracy))
                }
            }
            if !worst.isEmpty {
                print("")
                print("pages with the most misses:")
                for (result, page) in worst {
                    print("  \(result.id): \(result.lost.count) lost, \(result.kept.count) kept")
                    for snippet in result.lost { print("    lost " + SnippetBlame.describe(snippet, in: page)) }
                    for snippet in result.kept { print("    kept " + SnippetBlame.describe(snippet, in: page)) }
                }
            }
        }
        return failed == 0
    }
}

/// Labelled-page figures: the per-segment evaluation and the article text's shingle counts.
struct LabelledFigures {
    var labels = Evaluation()
    var text = ShingleCounts()

    mutating func add(gold: [Label], page: ClassifiedPage) {
        labels.add(gold: gold, predicted: page.decisions.map(\.label))
        let goldText = zip(page.segments, gold).filter { $0.1 == .body }.map(\.0.text).joined(separator: "\n")
        text += ShingleScorer().score(predicted: page.text(), gold: goldText)
    }

    var json: [String: Any] {
        var object = EvalReport.jsonObject(labels)
        object["text"] = EvalReport.json(text)
        return object
    }
}

/// Where the gold article of a page is: the same relative path, the same file name, or the same stem with `.txt`.
enum GoldText {
    static func candidates(for item: InputWalker.Item, in folder: String) -> [String] {
        let name = (item.relativePath as NSString).lastPathComponent
        let stem = (name as NSString).deletingPathExtension
        var paths = [item.relativePath, name, stem + ".txt"].map { (folder as NSString).appendingPathComponent($0) }
        var seen = Set<String>()
        paths = paths.filter { seen.insert($0).inserted }
        return paths
    }

    static func path(for item: InputWalker.Item, in folder: String) -> String? {
        candidates(for: item, in: folder).first { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }
}

/// Which segment holds a snippet, and who labelled it: the first thing to know about a miss.
enum SnippetBlame {
    static func describe(_ snippet: String, in page: ClassifiedPage?) -> String {
        let shown = snippet.count > 90 ? String(snippet.prefix(87)) + "..." : snippet
        guard let page else { return shown.quoted }
        if let index = page.segmentIndex(holding: snippet) {
            let d = page.decisions[index]
            return "\(shown.quoted) — segment \(index) (line \(page.segments[index].line)) \(d.label.rawValue) by \(d.source)"
        }
        return "\(shown.quoted) — not in any single segment"
    }
}

enum EvalReport {
    static func f(_ x: Double) -> String { String(format: "%.3f", x) }

    static func text(_ e: Evaluation) -> String {
        var lines = ["\(e.pages) pages, \(e.segments) segments", "", "label        precision  recall  F1     support"]
        for label in Label.allCases {
            let s = e.scores(for: label)
            lines.append(label.rawValue.padded(13) + f(s.precision).padded(11) + f(s.recall).padded(8) + f(s.f1).padded(7) + "\(s.support)")
        }
        lines.append("macro F1     \(f(e.macroF1))")
        lines.append("accuracy     \(f(e.accuracy))")
        lines.append("")
        lines.append("confusion (rows gold, columns predicted)")
        lines.append("gold\\pred".padded(12) + Label.allCases.map { $0.rawValue.padded(11) }.joined())
        for gold in Label.allCases {
            lines.append(gold.rawValue.padded(12) + Label.allCases.map { String(e.count(gold: gold, predicted: $0)).padded(11) }.joined())
        }
        return lines.joined(separator: "\n")
    }

    static func shingles(_ c: ShingleCounts) -> String {
        "precision \(f(c.precision)), recall \(f(c.recall)), F1 \(f(c.f1))"
    }

    static func snippets(_ c: SnippetCounts) -> String {
        "\(c.snippets) snippets: F1 \(f(c.f1)), precision \(f(c.precision)), recall \(f(c.recall)), accuracy \(f(c.accuracy))"
    }

    static func json(_ e: Evaluation) -> String { JSONText.encode(jsonObject(e)) }

    static func jsonObject(_ e: Evaluation) -> [String: Any] {
        var labels: [String: Any] = [:]
        for label in Label.allCases {
            let s = e.scores(for: label)
            labels[label.rawValue] = ["precision": s.precision, "recall": s.recall, "f1": s.f1, "support": s.support]
        }
        var confusion: [String: [String: Int]] = [:]
        for gold in Label.allCases {
            confusion[gold.rawValue] = Dictionary(uniqueKeysWithValues: Label.allCases.map { ($0.rawValue, e.count(gold: gold, predicted: $0)) })
        }
        return ["pages": e.pages, "segments": e.segments, "labels": labels, "macro_f1": e.macroF1, "accuracy": e.accuracy, "confusion": confusion]
    }

    static func json(_ c: ShingleCounts) -> [String: Any] {
        ["precision": c.precision, "recall": c.recall, "f1": c.f1, "matched": c.matched, "predicted_shingles": c.predicted, "gold_shingles": c.gold]
    }

    static func json(_ c: SnippetCounts) -> [String: Any] {
        ["f1": c.f1, "precision": c.precision, "recall": c.recall, "accuracy": c.accuracy, "snippets": c.snippets,
         "true_positives": c.truePositives, "false_positives": c.falsePositives, "false_negatives": c.falseNegatives, "true_negatives": c.trueNegatives]
    }
}

/// JSON for machines: sorted keys, so output is stable.
enum JSONText {
    static func encode(_ object: Any) -> String {
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}

extension String {
    func padded(_ width: Int) -> String { count >= width ? self + " " : padding(toLength: width, withPad: " ", startingAt: 0) }
}
