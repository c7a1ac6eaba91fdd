/// One unit of classification: for a text dump, one non-empty line.
///
/// A segment made by the segmenter does not copy its text: it keeps the page's UTF-8 and its
/// byte range in it, and `text` makes the String when asked (writers ask only for the segments
/// they keep). Stages that only read bytes use `byteRange` in the page.
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

    /// Whether the text is read from the page at `byteRange` (the segmenter's segments).
    var readsPage: Bool {
        if case .page = source { return true }
        return false
    }

    public static func == (a: Segment, b: Segment) -> Bool {
        a.index == b.index && a.line == b.line && a.byteRange == b.byteRange && a.text == b.text
    }
}
