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
        // The kept segments straight from the page's text (slices of a valid String: copied,
        // not validated again), into a String of the right size.
        var length = 0
        for (segment, decision) in zip(segments, decisions) where kept >> decision.label.ordinal & 1 != 0 {
            length += segment.byteRange.count + 1
        }
        guard length > 0 else { return "" }
        let text = page.text, utf8 = text.utf8
        var output = ""
        output.reserveCapacity(length)
        var first = true
        for (segment, decision) in zip(segments, decisions) where kept >> decision.label.ordinal & 1 != 0 {
            if !first { output.append("\n") }
            first = false
            let start = utf8.index(utf8.startIndex, offsetBy: segment.byteRange.lowerBound)
            let end = utf8.index(start, offsetBy: segment.byteRange.count)
            output.append(contentsOf: text[start..<end])
        }
        if lineBreakAtEnd && !output.isEmpty { output.append("\n") }
        return output
    }

    /// `keptText` as UTF-8 bytes, for the batch writers: the kept segments' bytes copied from the
    /// page's text, with nothing to validate (a String made of bytes is checked again).
    func keptUTF8(keeping keep: Set<Label>, lineBreakAtEnd: Bool) -> [UInt8] {
        let kept = keep.reduce(0) { $0 | 1 << $1.ordinal }
        if moderation.map({ !$0.redactedTexts.isEmpty }) ?? false || segments.contains(where: { !$0.readsPage }) {
            return Array(keptText(keeping: keep, lineBreakAtEnd: lineBreakAtEnd).utf8)
        }
        // By index, reading only the labels and byte ranges: iterating the segments and
        // decisions themselves would copy (retain and release) a String of each.
        let count = min(segments.count, decisions.count)
        var length = 0
        for index in 0..<count where kept >> decisions[index].label.ordinal & 1 != 0 {
            length += segments[index].byteRange.count + 1
        }
        guard length > 0 else { return [] }
        var text = page.text
        return text.withUTF8 { source in
            // The kept lines, a line break between them (and after them when asked): `length` is
            // room for both.
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
