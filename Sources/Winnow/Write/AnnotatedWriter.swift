/// The labelled-page format: `label<TAB>text` for every segment, and an empty line for each
/// empty line of the page, so removing the labels gives back the (normalised) page — except
/// where moderation redacted a kept segment, whose redacted text is written.
public struct AnnotatedWriter: PageWriter {
    public init() {}

    public func render(_ page: ClassifiedPage) -> String {
        var output = ""
        var line = 1
        let segments = page.pageSegments
        for (position, decision) in zip(segments.indices, page.codes) {
            let segment = segments[position]
            while line < segment.line { output += "\n"; line += 1 }
            output += decision.label.rawValue + "\t" + (page.moderation?.redactedTexts[segment.index] ?? segments.text(position)) + "\n"
            line += 1
        }
        return output
    }
}
