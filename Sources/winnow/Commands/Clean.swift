import ArgumentParser
import Foundation
import Winnow

struct Clean: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Label every segment of each document and write the cleaned article.",
        discussion: """
        INPUT is a file, a folder (read recursively, sorted, hidden files skipped) or - for standard input. Each file is read by its format, detected from its name and content or set with --input-format: a text page (one document), an annotated page (.labels), JSONL (one document a line, its text in --text-field), or WARC/WET (response and conversion records, the target URI as id). Gzip-compressed inputs are recognised by their first bytes.

        Without --out, documents go to standard output in input order (text documents separated by an empty line). With --out DIR: a one-page input mirrors its path under DIR; a JSONL output is one file per input; text or annotated output of a JSONL, WARC or WET input is a folder of one file per document, named from its id. Every file is written under a temporary name and renamed when complete. --resume skips the inputs a previous run into DIR completed.

        Documents that cannot be processed (binary content, malformed JSON, missing text field, truncated gzip or WARC record, over --max-bytes) are rejected with a reason, to --rejects FILE or standard error, and the run goes on. Invalid UTF-8 is repaired, not rejected.

        Exit status: 0 success; 1 some inputs or documents were rejected (the others were processed); 2 bad rules; 64 bad arguments.
        """
    )

    @Argument(help: "Files, folders or - (standard input).")
    var inputs: [String] = []

    @OptionGroup var rules: RuleOptions

    @OptionGroup(title: "Moderation") var moderationOptions: ModerationOptions

    @Option(help: "Output format: text (the article), jsonl (one object a document, with labels and rules) or annotated (label<TAB>line). Default: jsonl for JSONL inputs, text for the others.")
    var format: OutputFormat?

    @Option(help: ArgumentHelp("Labels to keep in the text, comma-separated.", valueName: "LABEL,..."))
    var keep: LabelList?

    @Option(help: ArgumentHelp("Write files under DIR instead of standard output (see above).", valueName: "DIR"))
    var out: String?

    @Option(help: "Read every input as this format instead of detecting it (text, annotated, jsonl, warc or wet).")
    var inputFormat: InputFormat?

    @Option(help: ArgumentHelp("The JSONL field holding a document's text.", valueName: "NAME"))
    var textField = "text"

    @Option(help: ArgumentHelp("The JSONL field holding a document's id.", valueName: "NAME"))
    var idField = "id"

    @Option(name: [.customShort("j"), .long], help: ArgumentHelp("Documents cleaned at once (default: all cores).", valueName: "N"))
    var jobs: Int?

    @Option(help: ArgumentHelp("Reject documents (page files, JSONL lines, WARC records) larger than this; K, M and G suffixes allowed.", valueName: "BYTES"))
    var maxBytes = ByteSize(bytes: 8 << 20)

    @Option(help: ArgumentHelp("Write rejected documents to FILE, one JSON object a line (source, position, id, reason, detail), instead of standard error.", valueName: "FILE"))
    var rejects: String?

    @Option(help: ArgumentHelp("Write the run's figures to FILE as JSON.", valueName: "FILE"))
    var stats: String?

    @Flag(help: "With --out: skip inputs whose outputs a previous run completed, and do the rest.")
    var resume = false

    @Flag(help: "Do not write documents whose cleaned text is empty (they are still counted).")
    var dropEmpty = false

    @Flag(help: "Print a summary (documents, rejects by reason, segments per label, bytes) on standard error (always on with --out).")
    var summary = false

    @Flag(name: [.customShort("q"), .long], help: "No progress line and no summary. (The progress line is drawn when standard error is a terminal that the documents are not printed to.)")
    var quiet = false

    mutating func validate() throws {
        if inputs.isEmpty {
            guard !Console.isTerminal(STDIN_FILENO) else {
                throw ValidationError("no input: give files or folders, or - to read standard input")
            }
            inputs = ["-"]
        }
        if inputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read only once") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if resume && out == nil { throw ValidationError("--resume needs --out DIR") }
        if textField.isEmpty || idField.isEmpty { throw ValidationError("--text-field and --id-field need a name") }
        try PathSafety.check(inputs: inputs, out: out, files: [("--rejects", rejects), ("--stats", stats),
                                                               ("--dropped", moderationOptions.dropped),
                                                               ("--review", moderationOptions.review)])
    }

    func run() throws {
        let jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        // With cores to spare, the stopword lists are made and the inputs walked while the rules
        // load and their plan is built (all before any document): a serial start limits what a
        // second core gains.
        var walk: InputWalker.Walk?
        if jobs > 1 {
            walk = InputWalker().walkInBackground(inputs)
            Thread { _ = StopwordLists.embedded }.start()
        }
        let ruleSet = try rules.load()
        // The plan is built while the walk goes on, not after it: a folder of 17,491 page files
        // took longer to walk (about 20 ms) than the rules to load, and the workers start only
        // when both are done.
        if jobs > 1 { ruleSet.preparePlan(threads: jobs) }
        var options = BatchOptions()
        options.inputFormat = inputFormat
        options.outputFormat = format
        options.keep = keep?.labels ?? [.body]
        options.textField = textField
        options.idField = idField
        options.jobs = jobs
        options.maxBytes = maxBytes.bytes
        options.outDirectory = out
        options.rejectsPath = rejects
        options.statsPath = stats
        options.resume = resume
        options.dropEmpty = dropEmpty
        // The progress line needs a terminal of its own: not when the documents are printed to it.
        options.progress = !quiet && Console.isTerminal(STDERR_FILENO) && (out != nil || !Console.isTerminal(STDOUT_FILENO))

        // Verdicts are recorded in input order by the writing thread; dropped documents are not written.
        let moderation = try ModerationRun(options: moderationOptions, rules: ruleSet, format: format ?? .text)
        defer { moderation.finish() }
        if moderation.enabled {
            options.admit = { moderation.admit($0) }
            options.extraFigures = { ["moderation": moderation.figures] }
        }

        let (items, problems) = walk?.wait() ?? InputWalker().items(for: inputs)
        let report: BatchRunner.Report
        do {
            report = try BatchRunner(rules: ruleSet, options: options, warn: Console.error).run(items: items, problems: problems)
        } catch let mismatch as ResumeIndex.Mismatch {
            Console.error("--resume: \(mismatch)")
            throw ExitCode(64)
        } catch {
            Console.error("\(error)")
            throw ExitCode(1)
        }
        if (summary || out != nil) && !quiet { Console.note(report.stats.summary(resumedInputs: report.resumedInputs) + moderation.report) }
        if report.stats.rejectedTotal > 0 { throw ExitCode(1) }
    }
}
