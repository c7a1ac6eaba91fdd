/// Everything a batch run is asked to do, as the command line gives it.
public struct BatchOptions: Sendable {
    /// Read every input as this format instead of detecting it.
    public var inputFormat: InputFormat?
    /// Write every document in this format; nil: JSONL for JSONL inputs, text for the others.
    public var outputFormat: OutputFormat?
    public var keep: Set<Label> = [.body]
    public var textField = "text"
    public var idField = "id"
    /// Worker threads.
    public var jobs = 1
    /// Documents (JSONL lines, WARC records, page files) larger than this are rejected.
    public var maxBytes = 8 << 20
    /// Write files under this folder instead of standard output.
    public var outDirectory: String?
    public var rejectsPath: String?
    public var statsPath: String?
    /// Skip inputs the index of `outDirectory` records as complete.
    public var resume = false
    /// Do not write documents whose kept text is empty (they are still counted).
    public var dropEmpty = false
    /// Draw the progress line.
    public var progress = false
    /// With `jobs` 2 and more, regular files at most this large are read whole by a worker (the
    /// reading thread only looks at their size); larger ones are streamed by the reading thread.
    var wholeInputLimit = 1 << 20
    /// With `jobs` 2 and more, the reading thread hands such a file to the worker open, when the
    /// descriptor limit allows (tests turn it off to run the way taken when it does not).
    var handOverFiles = true

    public init() {}

    /// The options that shape the output, with a hash of the rules, as the resume index records
    /// them: resuming a run with other ones would mix two different outputs.
    public func fingerprint(rules: RuleSet) -> String {
        var rulesText = rules.rules.map { rule in
            "\(rule.id) \(rule.label.rawValue) \(rule.priority) \(rule.conditions.count) \(rule.zone.map { "\($0)" } ?? "-") "
                + rule.patterns.map(\.inlineSource).joined(separator: " ")
        }.joined(separator: "\n")
        rulesText += "\n\(rules.context)"
        return [
            "format=\(outputFormat?.rawValue ?? "auto")",
            "keep=\(keep.map(\.rawValue).sorted().joined(separator: ","))",
            "input-format=\(inputFormat?.rawValue ?? "auto")",
            "text-field=\(textField)", "id-field=\(idField)", "max-bytes=\(maxBytes)",
            "drop-empty=\(dropEmpty)", "rules=\(OutputNamer.hash(rulesText))",
        ].joined(separator: " ")
    }

    /// The output format of an input read as `format`.
    public func outputFormat(for format: InputFormat) -> OutputFormat {
        outputFormat ?? (format == .jsonl ? .jsonl : .text)
    }
    /// Moderation's say on each cleaned page, called in input order: false leaves the document
    /// out of the output (it was dropped and recorded elsewhere). Nil when moderation is off.
    public var admit: (@Sendable (ClassifiedPage) -> Bool)?
    /// More figures for `--stats`, asked for once all documents are written (moderation's verdicts,
    /// redactions and flags), under their own keys. Nil when there are none.
    public var extraFigures: (@Sendable () -> [String: [String: [String: Int]]])?
}
