/// One input as a batch sees it: the input, the format it was read as, the output format its
/// documents are rendered in, and its size and time (for the resume index).
public final class InputPlan: @unchecked Sendable {
    public let item: InputWalker.Item
    public let format: InputFormat
    public let outputFormat: OutputFormat
    public let identity: (size: Int, modified: Int)?

    init(item: InputWalker.Item, format: InputFormat, outputFormat: OutputFormat, identity: (size: Int, modified: Int)?) {
        self.item = item
        self.format = format
        self.outputFormat = outputFormat
        self.identity = identity
    }
}

/// A cleaned document, rendered and counted, on its way to the writer.
public struct CleanedDocument: Sendable {
    public var id: String
    public var position: Int?
    /// The document as written (UTF-8).
    public var rendered: [UInt8]
    /// No segment was kept.
    public var isEmpty: Bool
    /// Segments per label.
    public var segmentCounts: LabelCounts
    public var repaired: Bool
    public var bytesIn: Int
    public var matchLimitHits: [String]
    /// The classified page, kept only when moderation judged it (the sink records its verdict).
    public var moderatedPage: ClassifiedPage?
}

/// What became of one record.
public enum DocumentOutcome: Sendable {
    case cleaned(CleanedDocument)
    case skipped(String, bytesIn: Int)
    case rejected(Reject, bytesIn: Int)
}

/// The work of one worker thread: decode a record, run the pipeline, render the output.
/// It owns a `Pipeline` (and so its PCRE2 scratch): one processor per thread.
public final class DocumentProcessor {
    private let pipeline: Pipeline
    private let decoder: RecordDecoder
    private let keep: Set<Label>
    /// `keep` as a list, read for every document without hashing.
    private let keptLabels: [Label]

    public init(rules: RuleSet, decoder: RecordDecoder, keep: Set<Label>) {
        pipeline = Pipeline(rules: rules, keep: keep)
        self.decoder = decoder
        self.keep = keep
        keptLabels = keep.sorted()
    }

    public func process(_ record: RawRecord, plan: InputPlan) -> DocumentOutcome {
        let bytesIn = record.byteCount
        switch decoder.decode(record, source: plan.item.path) {
        case .rejected(let reject):
            return .rejected(reject, bytesIn: bytesIn)
        case .skipped(let reason):
            return .skipped(reason, bytesIn: bytesIn)
        case .document(let document, let object):
            let page = pipeline.run(document)
            let rendered: [UInt8]
            switch plan.outputFormat {
            case .jsonl:
                if let object {
                    rendered = JSONLPassthroughWriter(keep: keep, textField: decoder.textField).renderUTF8(page, object: object)
                } else {
                    rendered = JSONLWriter(keep: keep).renderUTF8(page)
                }
            case .text: rendered = TextWriter(keep: keep).renderUTF8(page)
            case .annotated: rendered = Array(AnnotatedWriter().render(page).utf8)
            }
            var counts = LabelCounts()
            page.codes.withUnsafeBufferPointer { decisions in
                for index in decisions.indices { counts[decisions[index].label] += 1 }
            }
            let isEmpty = !keptLabels.contains { counts[$0] > 0 }
            return .cleaned(CleanedDocument(id: document.id, position: record.position, rendered: rendered, isEmpty: isEmpty,
                                            segmentCounts: counts, repaired: page.page.repairs != NormalisationReport(),
                                            bytesIn: bytesIn, matchLimitHits: page.matchLimitHits,
                                            moderatedPage: page.moderation == nil ? nil : page))
        }
    }
}
