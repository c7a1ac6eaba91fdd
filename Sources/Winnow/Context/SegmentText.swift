/// A segment's text for the String comparisons the article head makes (by Characters, as
/// `String` compares). When both sides are plain ASCII (no byte above 0x7F, no carriage
/// return: each byte is then a Character of its own, and equal Characters are equal bytes)
/// they are done on the bytes in the page; any other text is made a String once and compared
/// as before.
struct SegmentText {
    let segment: Segment
    /// The text as a String when it is not plain ASCII.
    private let string: String?

    init(_ segment: Segment) {
        self.segment = segment
        string = segment.withUTF8(SegmentText.isPlainASCII) ? nil : segment.text
    }

    private var text: String { string ?? segment.text }

    /// `text.split(separator: " ").count >= count`, counted on the bytes: runs of bytes other
    /// than a space. A space byte is a Character " " of its own unless a scalar next to it joins
    /// it (a prepended or extending mark: never ASCII), and a joined space only merges runs, so
    /// the byte count is never below the Character count; it is that count when every space
    /// stands between ASCII bytes. Otherwise, when it reaches `count`, the Characters decide.
    static func hasWords(_ segment: Segment, atLeast count: Int) -> Bool {
        let (runs, exact) = segment.withUTF8 { bytes -> (Int, Bool) in
            var runs = 0
            var exact = true
            var inRun = false
            for i in bytes.indices {
                if bytes[i] == 0x20 {
                    inRun = false
                    if i > 0 && bytes[i - 1] >= 0x80 || i + 1 < bytes.count && bytes[i + 1] >= 0x80 { exact = false }
                } else if !inRun {
                    inRun = true
                    runs += 1
                }
            }
            return (runs, exact)
        }
        if runs < count { return false }
        return exact || segment.text.split(separator: " ").count >= count
    }

    /// `text != line && (text.hasPrefix(line) || text.hasSuffix(line))`: this text carries
    /// `line` at one end (a page title echoing the headline).
    func echoes(_ line: SegmentText) -> Bool {
        guard string != nil || line.string != nil else {
            return segment.withUTF8 { t in
                line.segment.withUTF8 { l in
                    // A line as long as the text is either the text itself or at neither end of it.
                    guard l.count < t.count else { return false }
                    return UnsafeBufferPointer(rebasing: t[..<l.count]).elementsEqual(l)
                        || UnsafeBufferPointer(rebasing: t[(t.count - l.count)...]).elementsEqual(l)
                }
            }
        }
        let text = text, lineText = line.text
        return text != lineText && (text.hasPrefix(lineText) || text.hasSuffix(lineText))
    }

    /// `title.hasPrefix(line) && title.count > line.count`, this text being the line.
    func isShorterPrefix(of title: SegmentText) -> Bool {
        guard string != nil || title.string != nil else {
            return segment.withUTF8 { l in
                title.segment.withUTF8 { t in
                    l.count < t.count && UnsafeBufferPointer(rebasing: t[..<l.count]).elementsEqual(l)
                }
            }
        }
        let titleText = title.text, lineText = text
        return titleText.hasPrefix(lineText) && titleText.count > lineText.count
    }

    /// No byte above 0x7F and no carriage return; eight bytes at a time.
    static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            // High bits, or a zero byte in the word XOR 0x0D0D… (a carriage return).
            let cr = word ^ 0x0D0D_0D0D_0D0D_0D0D
            if (word | ((cr &- 0x0101_0101_0101_0101) & ~cr)) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n {
            if base[i] >= 0x80 || base[i] == 0x0D { return false }
            i += 1
        }
        return true
    }
}
