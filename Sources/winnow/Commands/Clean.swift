import ArgumentParser
import Foundation
import Winnow

struct Clean: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Label every segment of each page and write the cleaned article.",
        discussion: """
        INPUT is a file, a folder (read recursively) or - for standard input. Files ending in .labels are read as annotated pages (their labels are ignored here; see `winnow eval`).

        Without --out, every page goes to standard output (text pages separated by an empty line); with --out DIR, one file per input mirrors the input tree, each written atomically.
        """
    )

    @Argument(help: "Files, folders or - (standard input).")
    var inputs: [String] = []

    @OptionGroup var rules: RuleOptions

    @OptionGroup(title: "Moderation") var moderationOptions: ModerationOptions

    @Option(help: "Output format: text (the article), jsonl (one object a page, with labels and rules) or annotated (label<TAB>line).")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Labels to keep in the text, comma-separated.", valueName: "LABEL,..."))
    var keep: LabelList?

    @Option(help: ArgumentHelp("Write one file per input under DIR, mirroring the input tree.", valueName: "DIR"))
    var out: String?

    @Option(help: "Read every input as this format instead of detecting it (text or annotated).")
    var inputFormat: InputFormat?

    @Flag(help: "Print a summary (pages, segments per label, bytes) on standard error.")
    var summary = false

    mutating func validate() throws {
        if inputs.isEmpty {
            guard !Console.isTerminal(STDIN_FILENO) else {
                throw ValidationError("no input: give files or folders, or - to read standard input")
            }
            inputs = ["-"]
        }
        if inputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read only once") }
    }

    func run() throws {
        let ruleSet = try rules.load()
        let pipeline = Pipeline(rules: ruleSet, keep: keep?.labels ?? [.body])
        let moderation = try ModerationRun(options: moderationOptions, rules: ruleSet, format: format)
        defer { moderation.finish() }
        let writer = format.writer(keep: keep?.labels ?? [.body])
        let reader = PageReader(format: inputFormat)
        let (items, problems) = InputWalker().items(for: inputs)
        var failures = problems.count
        problems.forEach { Console.error($0.description) }
        var stats = RunSummary()
        let output = Console.Output()
        let outputTree = out.map { OutputTree(root: $0, fileExtension: format.fileExtension) }

        for item in items {
            do {
                let document = try reader.read(item)
                let page = pipeline.run(document)
                let admitted = moderation.admit(page)
                let rendered = admitted ? writer.render(page) : ""
                stats.add(page, bytesIn: document.bytes.count, bytesOut: rendered.utf8.count)
                for hit in page.matchLimitHits { Console.error("\(item.path): match limit: \(hit)") }
                guard admitted else { continue }
                if let outputTree {
                    try outputTree.write(rendered, for: item)
                } else {
                    if moderation.admittedPages > 1 && format == .text { output.write("\n") }
                    output.write(rendered)
                }
            } catch {
                failures += 1
                Console.error("\(error)")
            }
        }
        output.flush()
        if summary || out != nil { Console.note(stats.report(failures: failures) + moderation.report) }
        if failures > 0 { throw ExitCode(1) }
    }
}

/// Counts for the end-of-run summary.
struct RunSummary {
    var pages = 0
    var segments: [Label: Int] = [:]
    var bytesIn = 0
    var bytesOut = 0
    var repairedPages = 0

    mutating func add(_ page: ClassifiedPage, bytesIn: Int, bytesOut: Int) {
        pages += 1
        for decision in page.decisions { segments[decision.label, default: 0] += 1 }
        self.bytesIn += bytesIn
        self.bytesOut += bytesOut
        if page.page.repairs != NormalisationReport() { repairedPages += 1 }
    }

    func report(failures: Int) -> String {
        let total = segments.values.reduce(0, +)
        var lines = ["cleaned \(pages) page\(pages == 1 ? "" : "s"), \(total) segments; \(failures) failed; \(repairedPages) repaired"]
        lines.append("  " + Label.allCases.map { "\($0.rawValue) \(segments[$0] ?? 0)" }.joined(separator: "  "))
        lines.append("  bytes in \(bytesIn), out \(bytesOut)")
        return lines.joined(separator: "\n")
    }
}

