/// One unit of classification: for a text dump, one non-empty line.
public struct Segment: Sendable, Equatable {
    /// Position among the page's segments, from 0.
    public var index: Int
    /// Line number in the normalised page, from 1.
    public var line: Int
    /// Byte range of the segment in the normalised page's UTF-8.
    public var byteRange: Range<Int>
    public var text: String
}
