/// Everything the pipeline learnt about one page: the output of every stage, kept together
/// so writers, `explain` and `eval` read the same facts.
public struct ClassifiedPage: Sendable {
    public var id: String
    public var source: String
    public var page: NormalisedPage
    public var language: String?
    public var segments: [Segment]
    public var features: [Features]
    /// The body-likeness score of each segment, 0...1.
    public var scores: [Double]
    public var decisions: [Decision]
    /// Gold labels per segment when the input was an annotated page.
    public var gold: [Label]?
    /// Matches that a limit ended (the rule was treated as not matching), as "rule-id: message".
    public var matchLimitHits: [String]
    /// The verdict, reasons and redactions when the rules hold moderation rules (nil otherwise).
    public var moderation: ModerationResult? = nil

    /// The cleaned article: the text of the segments whose label is in `keep`, in page order
    /// (with redactions applied, when moderation redacted anything).
    public func text(keeping keep: Set<Label> = [.body]) -> String {
        keptText(keeping: keep, lineBreakAtEnd: false)
    }

    /// The cleaned article as `text(keeping:)` makes it, with a line break after it when it is not
    /// empty and `lineBreakAtEnd` (the text writer's output, made without a second copy).
    func keptText(keeping keep: Set<Label>, lineBreakAtEnd: Bool) -> String {
        let kept = keep.reduce(0) { $0 | 1 << $1.ordinal }
        if moderation.map({ !$0.redactedTexts.isEmpty }) ?? false || segments.contains(where: { !$0.readsPage }) {
            var lines: [String] = []
            for (segment, decision) in zip(segments, decisions) where kept >> decision.label.ordinal & 1 != 0 {
                lines.append(moderation?.redactedTexts[segment.index] ?? segment.text)
            }
            let text = lines.joined(separator: "\n")
            return lineBreakAtEnd && !text.isEmpty ? text + "\n" : text
        }
        // The kept segments' bytes straight from the page's text, each line copied once. Slices
        // of valid UTF-8 at line boundaries, joined by line breaks: valid UTF-8.
        var count = 0, length = 0
        for (segment, decision) in zip(segments, decisions) where kept >> decision.label.ordinal & 1 != 0 {
            count += 1
            length += segment.byteRange.count
        }
        guard count > 0, length + count - 1 > 0 else { return "" }
        length += count - 1 + (lineBreakAtEnd ? 1 : 0)
        var text = page.text
        return text.withUTF8 { source in
            String(unsafeUninitializedCapacity: length) { output in
                var at = 0, first = true
                for (segment, decision) in zip(segments, decisions) where kept >> decision.label.ordinal & 1 != 0 {
                    if !first { output[at] = 0x0A; at += 1 }
                    first = false
                    let range = segment.byteRange
                    UnsafeMutableRawPointer(output.baseAddress! + at)
                        .copyMemory(from: source.baseAddress! + range.lowerBound, byteCount: range.count)
                    at += range.count
                }
                if lineBreakAtEnd { output[at] = 0x0A; at += 1 }
                return at
            }
        }
    }
}
