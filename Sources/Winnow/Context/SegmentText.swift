/// A segment's text for the String comparisons the article head makes (by Characters, as
/// `String` compares). When both sides are plain ASCII (no byte above 0x7F, no carriage
/// return: each byte is then a Character of its own, and equal Characters are equal bytes)
/// they are done on the bytes in the page. Otherwise the first and last Characters, when they
/// are lone ASCII bytes, rule most pairs out (such a Character equals only itself); the rest
/// are compared as Strings, as before.
struct SegmentText {
    let segment: Segment
    private let plain: Bool
    /// The first byte when it is a Character of its own: ASCII, not a carriage return, and
    /// followed by ASCII or nothing (no mark or joiner can extend it).
    private let first: UInt8?
    /// The last byte when it is a Character of its own: ASCII, not a carriage return, after
    /// ASCII or nothing (no prepended mark can hold it).
    private let last: UInt8?

    init(_ segment: Segment) {
        self.segment = segment
        (plain, first, last) = segment.withUTF8 { bytes -> (Bool, UInt8?, UInt8?) in
            let n = bytes.count
            func lone(_ i: Int, beside j: Int) -> UInt8? {
                guard i >= 0, i < n, bytes[i] < 0x80, bytes[i] != 0x0D, j < 0 || j >= n || bytes[j] < 0x80 else { return nil }
                return bytes[i]
            }
            return (SegmentText.isPlainASCII(bytes), lone(0, beside: 1), lone(n - 1, beside: n - 2))
        }
    }

    /// `text.split(separator: " ").count >= count`, counted on the bytes: runs of bytes other
    /// than a space. A space byte is a Character " " of its own unless a scalar next to it joins
    /// it (a prepended or extending mark or a joiner), and a joined space only merges runs, so
    /// the byte count is never below the Character count; it is that count when no neighbour of
    /// a space can join it. Otherwise, when it reaches `count`, the Characters decide.
    /// The count stops at `count` while every space so far stands alone: those spaces are
    /// Characters " " of their own, so the runs before them are whole pieces of the split and
    /// the run after the last starts one, and whatever follows adds pieces, never merges these.
    static func hasWords(_ segment: Segment, atLeast count: Int) -> Bool {
        let (runs, exact) = segment.withUTF8 { bytes -> (Int, Bool) in
            var runs = 0
            var exact = true
            var inRun = false
            for i in bytes.indices {
                if bytes[i] == 0x20 {
                    inRun = false
                    if exact && !(standsAlone(bytes, before: i) && standsAlone(bytes, after: i)) { exact = false }
                } else if !inRun {
                    inRun = true
                    runs += 1
                    if exact && runs >= count { break }
                }
            }
            return (runs, exact)
        }
        if runs < count { return false }
        return exact || segment.text.split(separator: " ").count >= count
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
        if plain && line.plain {
            return segment.withUTF8 { t in
                line.segment.withUTF8 { l in
                    // A line as long as the text is either the text itself or at neither end of it.
                    guard l.count < t.count else { return false }
                    return UnsafeBufferPointer(rebasing: t[..<l.count]).elementsEqual(l)
                        || UnsafeBufferPointer(rebasing: t[(t.count - l.count)...]).elementsEqual(l)
                }
            }
        }
        if !mayStart(with: line) && !mayEnd(with: line) { return false }
        let text = segment.text, lineText = line.segment.text
        return text != lineText && (text.hasPrefix(lineText) || text.hasSuffix(lineText))
    }

    /// `title.hasPrefix(line) && title.count > line.count`, this text being the line.
    func isShorterPrefix(of title: SegmentText) -> Bool {
        if plain && title.plain {
            return segment.withUTF8 { l in
                title.segment.withUTF8 { t in
                    l.count < t.count && UnsafeBufferPointer(rebasing: t[..<l.count]).elementsEqual(l)
                }
            }
        }
        guard title.mayStart(with: self) else { return false }
        let titleText = title.segment.text, lineText = segment.text
        return titleText.hasPrefix(lineText) && titleText.count > lineText.count
    }

    /// False when the first Characters differ for sure (both lone ASCII bytes, not equal).
    private func mayStart(with line: SegmentText) -> Bool {
        guard let a = first, let b = line.first else { return true }
        return a == b
    }

    /// False when the last Characters differ for sure.
    private func mayEnd(with line: SegmentText) -> Bool {
        guard let a = last, let b = line.last else { return true }
        return a == b
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
