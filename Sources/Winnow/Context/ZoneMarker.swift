/// Zones: a heading rule (`zone:`) labels the block it opens. The block runs until its size
/// limit, the next heading, a segment a rule gives another label, a line too long to be an
/// item of the block, a menu-like short line or a line that is not repeated below (when asked),
/// or (unless turned off) the first line of prose.
struct ZoneMarker {
    let settings: ContextSettings

    /// For each segment inside a zone, the zone's label and the rule that opened it.
    func zones(segments: [Segment], claims: [Claim?], features: [Features], scores: [Double]) -> [(label: Label, id: String)?] {
        var zones = [(label: Label, id: String)?](repeating: nil, count: claims.count)
        var repeats = RepeatedHeadings(segments: segments)
        var index = 0
        while index < claims.count {
            guard let opener = claims[index], let zone = opener.zone else { index += 1; continue }
            var next = index + 1
            while next < claims.count, next - index <= zone.maxSegments {
                let f = features[next]
                if let claim = claims[next] {
                    // Another heading, or a line a rule files elsewhere: the block is over.
                    if claim.zone != nil || claim.label != zone.label { break }
                } else {
                    if zone.endsAtProse && f.words >= settings.zoneProseWords && scores[next] >= settings.bodyThreshold { break }
                    if let limit = zone.maxItemWords, f.words > limit { break }
                    if let short = zone.endsAtShort, f.words <= short, f.digits == 0, f.letters > 0 { break }
                    if zone.itemsRepeatBelow && !repeats.repeatsBelow(next) { break }
                    zones[next] = (zone.label, opener.id)
                }
                next += 1
            }
            index = next
        }
        return zones
    }

    /// Lower-cased letters and digits of a heading, without a leading "1.2" number or a
    /// trailing "[edit]" link, so a contents entry matches the heading it points to.
    static func headingKey(_ text: String) -> String {
        fastHeadingKey(text) ?? unicodeHeadingKey(text)
    }

    /// `headingKey` by Characters: what the ASCII path must agree with.
    static func unicodeHeadingKey(_ text: String) -> String {
        var body = Substring(text)
        if let bracket = body.firstIndex(of: "[") { body = body[..<bracket] }
        body = body.drop { $0.isNumber || $0 == "." || $0 == " " || $0 == ")" }
        return String(body.lowercased().filter { $0.isLetter || $0.isNumber })
    }
}

extension ZoneMarker {
    /// `headingKey` scalar by scalar, for texts of scalars that are each a Character of their
    /// own and lower-case to one scalar (Latin and Cyrillic without combining marks: most
    /// headings); nil for any other text. `HeadingKeyTable` holds what the Character path does
    /// with each such scalar.
    static func fastHeadingKey(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { fastHeadingKey(utf8: $0) }
    }

    /// The same over valid UTF-8.
    static func fastHeadingKey(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let table = HeadingKeyTable.entries
        var phase = 0   // 0: dropping a leading number, 1: in the key, 2: past the "["
        var i = 0
        let n = bytes.count
        // Each scalar's entry is checked (all must be in the table) before the key is made.
        while i < n {
            guard let (v, next) = scalar(in: bytes, at: i), let slot = HeadingKeyTable.slot(of: v),
                  table[slot] & HeadingKeyTable.supported != 0 else { return nil }
            i = next
        }
        return String(unsafeUninitializedCapacity: n * 2) { key in
            var length = 0
            i = 0
            while i < n {
                let (v, next) = scalar(in: bytes, at: i)!
                i = next
                if v == 0x5B { break }
                let entry = table[HeadingKeyTable.slot(of: v)!]
                if phase == 0 {
                    if entry & HeadingKeyTable.leadsNumber != 0 { continue }
                    phase = 1
                }
                var count = Int(entry >> 32 & 7)
                var packed = entry
                while count > 0 {
                    key[length] = UInt8(truncatingIfNeeded: packed)
                    packed >>= 8
                    length += 1
                    count -= 1
                }
            }
            return length
        }
    }

    /// The scalar of one, two or three UTF-8 bytes at `i` and where the next one starts; nil for
    /// a longer one (not in the table).
    @inline(__always)
    private static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int)? {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (b0, i + 1) }
        if b0 < 0xE0, i + 1 < bytes.count { return ((b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), i + 2) }
        if b0 < 0xF0, i + 2 < bytes.count {
            return ((b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), i + 3)
        }
        return nil
    }
}

/// For each scalar below `limit` (all of them two UTF-8 bytes at most), and each of General
/// Punctuation (curly quotes, dashes, ellipsis, bullets: common in headings), that stands as a
/// Character of its own and lower-cases to one scalar: whether a leading number drops it, and
/// what it adds to a heading key (the UTF-8 of its lower case when that is a letter or number,
/// else nothing). Made once, by asking the same String and Character calls `unicodeHeadingKey`
/// makes; packed in a word a scalar (key bytes in bits 0-31, their count in 32-34).
enum HeadingKeyTable {
    static let limit: UInt32 = 0x530
    /// General Punctuation, after the scalars below `limit`.
    static let punctuation: Range<UInt32> = 0x2000..<0x2070
    static let supported: UInt64 = 1 << 63
    static let leadsNumber: UInt64 = 1 << 62

    /// Every scalar the table has an entry for.
    static var covered: [UInt32] { Array(0..<limit) + Array(punctuation) }

    /// Where a scalar's entry is; nil for one the table does not cover.
    @inline(__always)
    static func slot(of v: UInt32) -> Int? {
        if v < limit { return Int(v) }
        if punctuation.contains(v) { return Int(limit + v - punctuation.lowerBound) }
        return nil
    }

    static let entries: UnsafePointer<UInt64> = {
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: covered.count)
        for v in covered { table[slot(of: v)!] = entry(v) }
        return UnsafePointer(table)
    }()

    private static func entry(_ v: UInt32) -> UInt64 {
        // Combining marks, Greek (final sigma) and carriage return join or depend on neighbours.
        guard let scalar = Unicode.Scalar(v), !(0x300..<0x400).contains(v), v != 0x0D else { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .format: return 0
        default: break
        }
        let character = Character(scalar)
        let lower = String(character).lowercased()
        guard lower.unicodeScalars.count == 1, let lowerCharacter = lower.first, lower.utf8.count <= 4 else { return 0 }
        var entry = supported
        if character.isNumber || character == "." || character == " " || character == ")" { entry |= leadsNumber }
        if lowerCharacter.isLetter || lowerCharacter.isNumber {
            for (k, byte) in lower.utf8.enumerated() { entry |= UInt64(byte) << UInt64(8 * k) }
            entry |= UInt64(lower.utf8.count) << 32
        }
        return entry
    }
}

/// Whether the heading text of each segment (without list numbers or edit links) stands again,
/// as a line of its own, further down the page. The heading keys of a page's segments, made once when a zone first asks whether an item
/// repeats below (asking each item against every line below it was quadratic in the page).
struct RepeatedHeadings {
    private let segments: [Segment]
    /// Each non-empty key's last segment; nil until first asked.
    private var lastIndex: [String: Int]?
    private var keys: [String] = []

    init(segments: [Segment]) {
        self.segments = segments
    }

    /// Whether segment `index`'s heading key is not empty and is the key of a later segment.
    mutating func repeatsBelow(_ index: Int) -> Bool {
        if lastIndex == nil {
            keys = segments.map { segment in
                segment.withUTF8 { ZoneMarker.fastHeadingKey(utf8: $0) } ?? ZoneMarker.unicodeHeadingKey(segment.text)
            }
            var last: [String: Int] = [:]
            for (position, key) in keys.enumerated() where !key.isEmpty { last[key] = position }
            lastIndex = last
        }
        let key = keys[index]
        guard !key.isEmpty, let last = lastIndex?[key] else { return false }
        return last > index
    }
}
