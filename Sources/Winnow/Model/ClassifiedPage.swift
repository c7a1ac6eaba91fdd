/// Everything the pipeline learnt about one page: the output of every stage, kept together
/// so writers, `explain` and `eval` read the same facts.
public struct ClassifiedPage: Sendable {
    public var id: String
    public var source: String
    /// The normalised page. Not settable: the segments' spans are ranges in its bytes.
    public let page: NormalisedPage
    public var language: String?
    /// Each segment's place in `page`: the stages and writers read the text in the page's bytes.
    let spans: [SegmentSpan]
    public var features: [Features]
    /// The body-likeness score of each segment, 0...1.
    public var scores: [Double]
    /// Each segment's decision, as the stages made it (see `DecisionCode`), and the names its
    /// numbers stand for.
    let codes: [DecisionCode]
    let names: DecisionNames
    /// Gold labels per segment when the input was an annotated page.
    public var gold: [Label]?
    /// Matches that a limit ended (the rule was treated as not matching), as "rule-id: message".
    public var matchLimitHits: [String]
    /// The verdict, reasons and redactions when the rules hold moderation rules (nil otherwise).
    public var moderation: ModerationResult? = nil

    /// The page's segments, each reading its text from the page's bytes: made at each call (the
    /// page keeps only their spans, see `SegmentSpan`), so take them once for a loop.
    public var segments: [Segment] { spans.map { Segment($0, page: page.utf8) } }

    /// Each segment's decision: made at each call, from the page's codes, so take them once for a loop.
    public var decisions: [Decision] { codes.map(names.decision) }

    /// The segments as the stages read them.
    var pageSegments: PageSegments { PageSegments(spans: spans, page: page) }

    /// The cleaned article: the text of the segments whose label is in `keep`, in page order
    /// (with redactions applied, when moderation redacted anything).
    public func text(keeping keep: Set<Label> = [.body]) -> String {
        keptText(keeping: keep, lineBreakAtEnd: false)
    }

    /// The cleaned article as `text(keeping:)` makes it, with a line break after it when it is not
    /// empty and `lineBreakAtEnd` (the text writer's output, made without a second copy).
    func keptText(keeping keep: Set<Label>, lineBreakAtEnd: Bool) -> String {
        guard readsOnlyPage else { return joinedText(keeping: keep, lineBreakAtEnd: lineBreakAtEnd) }
        return String(decoding: keptUTF8(keeping: keep, lineBreakAtEnd: lineBreakAtEnd), as: UTF8.self)
    }

    /// Whether every kept line is the page's own bytes: no redactions.
    private var readsOnlyPage: Bool {
        !(moderation.map({ !$0.redactedTexts.isEmpty }) ?? false)
    }

    /// The kept segments' texts (redacted where moderation redacted them), joined by line breaks.
    private func joinedText(keeping keep: Set<Label>, lineBreakAtEnd: Bool) -> String {
        let kept = keep.reduce(0) { $0 | 1 << $1.ordinal }
        var lines: [String] = []
        let segments = pageSegments
        for (position, decision) in zip(segments.indices, codes) where kept >> decision.label.ordinal & 1 != 0 {
            lines.append(moderation?.redactedTexts[segments[position].index] ?? segments.text(position))
        }
        let text = lines.joined(separator: "\n")
        return lineBreakAtEnd && !text.isEmpty ? text + "\n" : text
    }

    /// `keptText` as UTF-8 bytes, for the batch writers: the kept segments' bytes copied from the
    /// page's UTF-8, with nothing to validate (a String made of bytes is checked again).
    func keptUTF8(keeping keep: Set<Label>, lineBreakAtEnd: Bool) -> [UInt8] {
        guard readsOnlyPage else { return Array(joinedText(keeping: keep, lineBreakAtEnd: lineBreakAtEnd).utf8) }
        let kept = keep.reduce(0) { $0 | 1 << $1.ordinal }
        // Reading only the labels and byte ranges, in place.
        return spans.withUnsafeBufferPointer { segments in
            codes.withUnsafeBufferPointer { decisions in
                let count = min(segments.count, decisions.count)
                var length = 0
                for index in 0..<count where kept >> decisions[index].label.ordinal & 1 != 0 {
                    length += segments[index].byteRange.count + 1
                }
                guard length > 0 else { return [] }
                return page.withUTF8 { source in
                    // The kept lines, a line break between them (and after them when asked):
                    // `length` is room for both.
                    [UInt8](unsafeUninitializedCapacity: length) { output, initialized in
                        var at = 0
                        var first = true
                        for index in 0..<count where kept >> decisions[index].label.ordinal & 1 != 0 {
                            if !first { output[at] = 0x0A; at += 1 }
                            first = false
                            let range = segments[index].byteRange
                            if !range.isEmpty { (output.baseAddress! + at).initialize(from: source.baseAddress! + range.lowerBound, count: range.count) }
                            at += range.count
                        }
                        if lineBreakAtEnd && at > 0 { output[at] = 0x0A; at += 1 }
                        initialized = at
                    }
                }
            }
        }
    }
}
