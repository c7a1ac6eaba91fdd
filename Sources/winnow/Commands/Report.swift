import ArgumentParser
import Foundation
import Winnow

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML report: per-label figures, the confusion matrix, and every page with its segments coloured by label.",
        discussion: """
        Labelled pages (*.labels) add precision, recall and F1, the confusion matrix chart and the mistakes, marked on each page; other pages show their labels. Hover a segment to see the rule or scorer that decided it. The file has no external assets: it opens offline.

        Open it at report.html#mistakes to see the pages with mistakes first and open, or #all to open every page.
        """
    )

    @Argument(help: "Pages or folders of them.")
    var corpus: [String]

    @OptionGroup var rules: RuleOptions

    @Option(help: ArgumentHelp("Where to write the report (default: standard output).", valueName: "FILE"))
    var out: String?

    @Option(help: "The report's title.")
    var title = "Winnow report"

    func run() throws {
        let ruleSet = try rules.load()
        let pipeline = Pipeline(rules: ruleSet)
        let (items, problems) = InputWalker().items(for: corpus)
        var failures = problems.count
        problems.forEach { Console.error($0.description) }
        let parts = (rules.noDefaults ? [] : ["defaults"]) + rules.packs
        var report = HTMLReport(title: title, rules: (parts.isEmpty ? "none" : parts.joined(separator: " + ")) + " (\(ruleSet.rules.count) rules)")
        let reader = PageReader()
        var written = 0
        for item in items {
            do {
                report.add(pipeline.run(try reader.read(item)))
                written += 1
            } catch {
                failures += 1
                Console.error("\(error)")
            }
        }
        let html = report.render()
        if let out {
            do {
                try AtomicFile.write(html, to: out)
            } catch {
                Console.error("\(error)")
                throw ExitCode(1)
            }
            Console.note("wrote \(out): \(written) page\(written == 1 ? "" : "s"), \(html.utf8.count) bytes")
        } else {
            let output = Console.Output()
            output.write(html)
            output.flush()
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
