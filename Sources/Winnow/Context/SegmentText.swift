/// A segment's text for the String comparisons the article head makes (by Characters, as
/// `String` compares). When both sides are plain ASCII (no byte above 0x7F, no carriage
/// return: each byte is then a Character of its own, and equal Characters are equal bytes)
/// they are done on the bytes in the page. Otherwise the leading (or trailing) ASCII both
/// share rules most pairs out: where it first differs, two lone ASCII bytes are Characters that
/// equal only themselves; the rest are compared as Strings, as before.
struct SegmentText {
    /// The bytes the segment is in (the page's), and its range in them.
    private let bytes: [UInt8]
    private let range: Range<Int>

    /// The text of the segment at `position` in `segments`.
    init(_ segments: PageSegments, _ position: Int) {
        bytes = segments.bytes
        range = segments[position].byteRange
    }

    /// Calls `body` with the text's UTF-8.
    func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The text as a String (for the comparisons the bytes cannot decide).
    var text: String { withUTF8 { String(decoding: $0, as: UTF8.self) } }

    /// Whether the text is plain ASCII: read only once the ends have not told two texts apart
    /// (most pairs differ in their first bytes).
    private var plain: Bool { withUTF8(SegmentText.isPlainASCII) }

    /// `text.split(separator: " ").count >= count`, counted on the bytes: runs of bytes other
    /// than a space. A space byte is a Character " " of its own unless a scalar next to it joins
    /// it (a prepended or extending mark or a joiner), and a joined space only merges runs, so
    /// the byte count is never below the Character count; it is that count when no neighbour of
    /// a space can join it. Otherwise, when it reaches `count`, the Characters decide.
    /// The count stops at `count`: while every space so far stands alone, those spaces are
    /// Characters " " of their own, so the runs before them are whole pieces of the split and
    /// the run after the last starts one, and whatever follows adds pieces, never merges these;
    /// once one does not, the Characters decide anyway.
    func hasWords(atLeast count: Int) -> Bool {
        let (runs, exact) = withUTF8 { bytes -> (Int, Bool) in
            var runs = 0
            var exact = true
            var inRun = false
            for i in bytes.indices {
                if bytes[i] == 0x20 {
                    inRun = false
                    if exact && !(Self.standsAlone(bytes, before: i) && Self.standsAlone(bytes, after: i)) { exact = false }
                } else if !inRun {
                    inRun = true
                    runs += 1
                    // Enough runs: exact, they answer; if not, the Characters will (more runs
                    // would not change that).
                    if runs >= count { break }
                }
            }
            return (runs, exact)
        }
        if runs < count { return false }
        return exact || text.split(separator: " ").count >= count
    }

    /// Whether the scalar before byte `i` (if any) cannot hold the Character at `i`: ASCII, or a
    /// scalar `HeadingKeyTable` supports (a Character of its own: no mark, format character or
    /// joiner, and none of its scalars is a prepended one).
    private static func standsAlone(_ bytes: UnsafeBufferPointer<UInt8>, before i: Int) -> Bool {
        guard i > 0, bytes[i - 1] >= 0x80 else { return true }
        var start = i - 1
        while start > 0, i - start < 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return isOwnCharacter(bytes, at: start, endingAt: i)
    }

    /// Whether the scalar after byte `i` (if any) cannot join the Character at `i`: ASCII, or a
    /// scalar `HeadingKeyTable` supports (no extending mark or joiner).
    private static func standsAlone(_ bytes: UnsafeBufferPointer<UInt8>, after i: Int) -> Bool {
        guard i + 1 < bytes.count, bytes[i + 1] >= 0x80 else { return true }
        return isOwnCharacter(bytes, at: i + 1, endingAt: nil)
    }

    private static func isOwnCharacter(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, endingAt end: Int?) -> Bool {
        guard let (v, next) = ZoneMarker.scalar(in: bytes, at: start), end == nil || next == end,
              let slot = HeadingKeyTable.slot(of: v) else { return false }
        return HeadingKeyTable.entries[slot] & HeadingKeyTable.supported != 0
    }

    /// `text != line && (text.hasPrefix(line) || text.hasSuffix(line))`: this text carries
    /// `line` at one end (a page title echoing the headline).
    func echoes(_ line: SegmentText) -> Bool {
        let atStart = mayStart(with: line), atEnd = mayEnd(with: line)
        if !atStart && !atEnd { return false }
        if plain && line.plain {
            return withUTF8 { t in
                line.withUTF8 { l in
                    // A line as long as the text is either the text itself or at neither end of it.
                    guard l.count < t.count else { return false }
                    return UnsafeBufferPointer(rebasing: t[..<l.count]).elementsEqual(l)
                        || UnsafeBufferPointer(rebasing: t[(t.count - l.count)...]).elementsEqual(l)
                }
            }
        }
        let text = self.text, lineText = line.text
        return text != lineText && (atStart && text.hasPrefix(lineText) || atEnd && text.hasSuffix(lineText))
    }

    /// `title.hasPrefix(line) && title.count > line.count`, this text being the line.
    func isShorterPrefix(of title: SegmentText) -> Bool {
        guard title.mayStart(with: self) else { return false }
        if plain && title.plain {
            return withUTF8 { l in
                title.withUTF8 { t in
                    l.count < t.count && UnsafeBufferPointer(rebasing: t[..<l.count]).elementsEqual(l)
                }
            }
        }
        let titleText = title.text, lineText = text
        return titleText.hasPrefix(lineText) && titleText.count > lineText.count
    }

    /// False when the texts' Characters differ for sure before either ends.
    private func mayStart(with line: SegmentText) -> Bool {
        withUTF8 { a in line.withUTF8 { b in !Self.differAtStart(a, b) } }
    }

    /// False when the texts' Characters, counted from the end, differ for sure before either ends.
    private func mayEnd(with line: SegmentText) -> Bool {
        withUTF8 { a in line.withUTF8 { b in !Self.differAtEnd(a, b) } }
    }

    /// Whether `a` and `b` have different Characters at the same place, found on their bytes:
    /// from the start, both ASCII other than a carriage return, up to the first byte they
    /// differ in, which is then a Character of its own in each when the byte after it is ASCII
    /// or the end (no mark or joiner extends it). Bytes before a difference are lone ASCII
    /// Characters, equal in both. False when that cannot be told so.
    static func differAtStart(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in 0..<min(a.count, b.count) {
            let x = a[i], y = b[i]
            if x >= 0x80 || y >= 0x80 || x == 0x0D || y == 0x0D { return false }
            if x != y { return (i + 1 == a.count || a[i + 1] < 0x80) && (i + 1 == b.count || b[i + 1] < 0x80) }
        }
        return false
    }

    /// `differAtStart` from the end: the first byte from the end that differs is a Character
    /// of its own in each when the byte before it is ASCII other than a carriage return, or
    /// the start (no prepended mark holds it).
    static func differAtEnd(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = a.count, j = b.count
        while i > 0 && j > 0 {
            i -= 1
            j -= 1
            let x = a[i], y = b[j]
            if x >= 0x80 || y >= 0x80 || x == 0x0D || y == 0x0D { return false }
            if x != y { return (i == 0 || a[i - 1] < 0x80 && a[i - 1] != 0x0D) && (j == 0 || b[j - 1] < 0x80 && b[j - 1] != 0x0D) }
        }
        return false
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
