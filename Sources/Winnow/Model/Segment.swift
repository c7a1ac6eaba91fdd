/// One unit of classification: for a text dump, one non-empty line.
///
/// A segment of a page (from `LineSegmenter.segments(of:)` or `ClassifiedPage.segments`) does not
/// copy its text: it keeps the page's UTF-8 and its byte range in it, and `text` makes the String
/// when asked. The pipeline itself passes `SegmentSpan`s, which hold no reference.
public struct Segment: Sendable, Equatable {
    /// Position among the page's segments, from 0.
    public var index: Int
    /// Line number in the normalised page, from 1.
    public var line: Int
    /// Byte range of the segment in the normalised page's UTF-8.
    public var byteRange: Range<Int>
    /// Where the text comes from: the page's UTF-8 with `byteRange` in it, or the segment's own text.
    private var source: Source

    private enum Source: Sendable {
        case page([UInt8])
        case own(String)
    }

    public init(index: Int, line: Int, byteRange: Range<Int>, text: String) {
        self.index = index
        self.line = line
        self.byteRange = byteRange
        source = .own(text)
    }

    /// A segment that reads its text from `page` (the normalised page's UTF-8) at `byteRange`.
    init(index: Int, line: Int, byteRange: Range<Int>, page: [UInt8]) {
        self.index = index
        self.line = line
        self.byteRange = byteRange
        source = .page(page)
    }

    public var text: String {
        get {
            switch source {
            case .own(let text): return text
            case .page(let page):
                return page.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[byteRange]), as: UTF8.self) }
            }
        }
        set { source = .own(newValue) }
    }

    /// Calls `body` with the segment's UTF-8 (in the page, without making a String).
    func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        switch source {
        case .page(let page): return page.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[byteRange])) }
        case .own(var text): return text.withUTF8(body)
        }
    }

    public static func == (a: Segment, b: Segment) -> Bool {
        a.index == b.index && a.line == b.line && a.byteRange == b.byteRange && a.text == b.text
    }
}

extension Segment {
    /// A segment that reads its text from `page` (the UTF-8 its span's range is in).
    init(_ span: SegmentSpan, page: [UInt8]) {
        self.init(index: span.index, line: span.line, byteRange: span.byteRange, page: page)
    }

    /// Its place without its text.
    var span: SegmentSpan { SegmentSpan(index: index, line: line, byteRange: byteRange) }
}

/// A segment's place without its text: position, line and byte range in the page's UTF-8.
/// The stages pass these, with the page's bytes beside them once (`PageSegments`): a `Segment`
/// holds the page's array, and making and freeing one for every line changed its reference
/// count atomically (about 1% of a run's time). `Segment`s are made only at the public edges.
struct SegmentSpan: Sendable, Equatable {
    var index: Int
    var line: Int
    var byteRange: Range<Int>
}

/// A page's segments as the stages read them: each one's span, and the UTF-8 the spans' ranges
/// are in (the normalised page's, held once for all of them).
struct PageSegments: Sendable {
    let spans: [SegmentSpan]
    let bytes: [UInt8]

    init(spans: [SegmentSpan], page: NormalisedPage) {
        self.spans = spans
        bytes = page.utf8
    }

    /// `segments` of `page`: their texts are read in the page by their byte ranges (as the public
    /// stages taking a page and segments always did).
    init(_ segments: [Segment], page: NormalisedPage) {
        spans = segments.map(\.span)
        bytes = page.utf8
    }

    /// `segments` by their own texts, joined in one buffer (the spans' ranges are in it; index
    /// and line are the segments').
    init(_ segments: [Segment]) {
        var bytes: [UInt8] = []
        var spans: [SegmentSpan] = []
        for segment in segments {
            let start = bytes.count
            segment.withUTF8 { bytes.append(contentsOf: $0) }
            spans.append(SegmentSpan(index: segment.index, line: segment.line, byteRange: start..<bytes.count))
            bytes.append(0x0A)
        }
        self.spans = spans
        self.bytes = bytes
    }

    var count: Int { spans.count }
    var indices: Range<Int> { spans.indices }
    subscript(position: Int) -> SegmentSpan { spans[position] }

    /// Calls `body` with the UTF-8 of the segment at `position`.
    func withUTF8<R>(_ position: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[spans[position].byteRange])) }
    }

    /// The text of the segment at `position`.
    func text(_ position: Int) -> String {
        withUTF8(position) { String(decoding: $0, as: UTF8.self) }
    }
}
