/// Splits a normalised text dump into segments: each non-empty line is one, with its line
/// number and byte range. (An HTML reader would segment by block elements instead.)
public struct LineSegmenter: Sendable {
    public init() {}

    public func segments(of page: NormalisedPage) -> [Segment] {
        var segments: [Segment] = []
        let utf8 = page.text.utf8
        var lineNumber = 1
        var lineStart = utf8.startIndex
        var lineStartOffset = 0
        var offset = 0
        var index = utf8.startIndex
        func close(at end: String.Index, offset endOffset: Int) {
            guard endOffset > lineStartOffset else { return }
            segments.append(Segment(index: segments.count, line: lineNumber,
                                    byteRange: lineStartOffset..<endOffset,
                                    text: String(page.text[lineStart..<end])))
        }
        while index != utf8.endIndex {
            if utf8[index] == 0x0A {
                close(at: index, offset: offset)
                lineNumber += 1
                lineStart = utf8.index(after: index)
                lineStartOffset = offset + 1
            }
            offset += 1
            index = utf8.index(after: index)
        }
        close(at: index, offset: offset)
        return segments
    }
}
