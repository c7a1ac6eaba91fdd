import ArgumentParser
import Foundation
import Winnow

/// `clean`'s moderation outputs. Moderation itself is turned on by `--moderate`, `--profile NAME`
/// or a `--rules` pack with document or action rules (see `RuleOptions`).
struct ModerationOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write each dropped document here, one JSON line (id, source, verdict, reasons). Without it, each drop is noted on standard error.", valueName: "FILE"))
    var dropped: String?

    @Option(help: ArgumentHelp("Write each review document here, one JSON line (id, source, verdict, reasons); review documents are still written to the output. Without it, each is noted on standard error (except in jsonl output, which carries the verdict).", valueName: "FILE"))
    var review: String?
}

/// What `clean` does with verdicts: leaves `drop` documents out of the output and records them,
/// marks `review` documents, and counts verdicts, redactions and flags for the summary.
final class ModerationRun {
    let enabled: Bool
    let format: OutputFormat
    private var droppedFile: FileHandle?
    private var reviewFile: FileHandle?
    private(set) var verdicts: [Verdict: Int] = [:]
    private(set) var redactions: [String: Int] = [:]
    private(set) var flags: [String: Int] = [:]
    /// Pages that go to the output (all of them when moderation is off).
    private(set) var admittedPages = 0

    init(options: ModerationOptions, rules: RuleSet, format: OutputFormat) throws {
        enabled = !rules.moderation.isEmpty
        self.format = format
        if !enabled && (options.dropped != nil || options.review != nil) {
            throw ValidationError("--dropped and --review need moderation: --moderate, --profile NAME, or a --rules pack with documents: or action: rules")
        }
        droppedFile = try options.dropped.map(Self.create)
        reviewFile = try options.review.map(Self.create)
    }

    private static func create(_ path: String) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("cannot write \(path)")
        }
        return handle
    }

    /// Records a moderated page; false when it is dropped and must not be written.
    func admit(_ page: ClassifiedPage) -> Bool {
        guard enabled, let moderation = page.moderation else {
            admittedPages += 1
            return true
        }
        verdicts[moderation.verdict, default: 0] += 1
        for (kind, count) in moderation.redactionCounts { redactions[kind, default: 0] += count }
        for (kind, count) in moderation.flagCounts { flags[kind, default: 0] += count }
        let why = moderation.reasons.map { "\($0.rule) (\($0.why))" }.joined(separator: "; ")
        switch moderation.verdict {
        case .drop:
            if let droppedFile { droppedFile.write(Data(ModerationJSON.record(page).utf8)) } else { Console.note("\(page.id): drop: \(why)") }
            return false
        case .review:
            if let reviewFile { reviewFile.write(Data(ModerationJSON.record(page).utf8)) } else if format != .jsonl { Console.note("\(page.id): review: \(why)") }
        case .keep:
            break
        }
        admittedPages += 1
        return true
    }

    func finish() {
        try? droppedFile?.close()
        try? reviewFile?.close()
    }

    /// The same counts for `--stats`: every verdict (zero included), redactions and flags per kind.
    var figures: [String: [String: Int]] {
        ["verdicts": Dictionary(uniqueKeysWithValues: Verdict.allCases.map { ($0.rawValue, verdicts[$0] ?? 0) }),
         "redactions": redactions, "flags": flags]
    }

    /// Summary lines: verdicts, redactions and flags per kind (empty when moderation is off).
    var report: String {
        guard enabled else { return "" }
        var lines = ["  verdicts: " + Verdict.allCases.map { "\($0.rawValue) \(verdicts[$0] ?? 0)" }.joined(separator: "  ")]
        lines.append("  redactions: " + (redactions.isEmpty ? "none" : redactions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "  ")))
        if !flags.isEmpty { lines.append("  flags: " + flags.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "  ")) }
        return "\n" + lines.joined(separator: "\n")
    }
}
