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
        // The kept segments' bytes straight from the page, one copy.
        var source = page.text
        return source.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var first = true
            for (segment, decision) in zip(segments, decisions) where keep.contains(decision.label) {
                if !first { output.append(0x0A) }
                first = false
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[segment.byteRange]))
            }
            return String(decoding: output, as: UTF8.self)
        }
    }
}
