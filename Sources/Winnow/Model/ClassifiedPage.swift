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
        if moderation.map({ !$0.redactedTexts.isEmpty }) ?? false || segments.contains(where: { !$0.readsPage }) {
            var lines: [String] = []
            for (segment, decision) in zip(segments, decisions) where keep.contains(decision.label) {
                lines.append(moderation?.redactedTexts[segment.index] ?? segment.text)
            }
            return lines.joined(separator: "\n")
        }
        // The kept segments straight from the page's text (slices of a valid String: copied,
        // not validated again).
        let text = page.text, utf8 = text.utf8
        var output = ""
        var first = true
        for (segment, decision) in zip(segments, decisions) where keep.contains(decision.label) {
            if !first { output.append("\n") }
            first = false
            let start = utf8.index(utf8.startIndex, offsetBy: segment.byteRange.lowerBound)
            let end = utf8.index(start, offsetBy: segment.byteRange.count)
            output.append(contentsOf: text[start..<end])
        }
        return output
    }
}
