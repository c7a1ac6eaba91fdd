/// Zones: a heading rule (`zone:`) labels the block it opens. The block runs until its size
/// limit, the next heading, a segment a rule gives another label, a line too long to be an
/// item of the block, a menu-like short line or a line that is not repeated below (when asked),
/// or (unless turned off) the first line of prose.
/// A segment inside a zone: the zone's label and the segment whose rule opened it (the decision
/// names that rule).
struct ZoneMark: Sendable {
    var label: Label
    var opener: Int
}

struct ZoneMarker {
    let settings: ContextSettings
    /// The zone of each rule the winners name by position (nil for a rule that opens none).
    let ruleZones: [ZoneBehaviour?]

    /// For each segment inside a zone, the zone's label and the segment of the rule that opened it,
    /// written into `zones` (one nil a segment when called). `winners`: each segment's winning
    /// rule, -1 for none.
    func mark(_ zones: inout [ZoneMark?], segments: PageSegments, winners: [Int], claims: [Claim?], features: [Features], scores: [Double]) {
        var repeats = RepeatedHeadings(segments: segments)
        var index = 0
        while index < claims.count {
            guard let opener = claims[index], opener.opensZone, winners[index] >= 0, let zone = ruleZones[winners[index]] else {
                index += 1
                continue
            }
            let mark = ZoneMark(label: zone.label, opener: index)
            var next = index + 1
            while next < claims.count, next - index <= zone.maxSegments {
                let f = features[next]
                if let claim = claims[next] {
                    // Another heading, or a line a rule files elsewhere: the block is over.
                    if claim.opensZone || claim.label != zone.label { break }
                } else {
                    if zone.endsAtProse && f.words >= settings.zoneProseWords && scores[next] >= settings.bodyThreshold { break }
                    if let limit = zone.maxItemWords, f.words > limit { break }
                    if let short = zone.endsAtShort, f.words <= short, f.digits == 0, f.letters > 0 { break }
                    if zone.itemsRepeatBelow && !repeats.repeatsBelow(next) { break }
                    zones[next] = mark
                }
                next += 1
            }
            index = next
        }
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
        guard !bytes.isEmpty else { return "" }
        var supported = true
        let key = String(unsafeUninitializedCapacity: bytes.count * 2) { key in
            guard let length = writeFastHeadingKey(of: bytes, to: key.baseAddress!) else {
                supported = false
                return 0
            }
            return length
        }
        return supported ? key : nil
    }

    /// Writes the key `fastHeadingKey` makes of `bytes` to `key` (room for twice as many bytes:
    /// a scalar's lower case is at most twice as long) and returns its length; nil when a scalar
    /// is not in `HeadingKeyTable` (then the Character path decides). Scalars after the "[" add
    /// nothing but are still checked.
    static func writeFastHeadingKey(of bytes: UnsafeBufferPointer<UInt8>, to key: UnsafeMutablePointer<UInt8>) -> Int? {
        let table = HeadingKeyTable.entries
        var phase = 0   // 0: dropping a leading number, 1: in the key, 2: past the "["
        var length = 0
        var i = 0
        let n = bytes.count
        while i < n {
            if phase == 1 {
                // Runs of supported ASCII other than "[" (most of a line) stay in the key: one
                // byte of `asciiKeys` a byte, written whether it counts or not (the room allows it).
                let asciiKeys = HeadingKeyTable.asciiKeys
                while i < n {
                    let k = asciiKeys[Int(bytes[i])]
                    if k == HeadingKeyTable.endsRun { break }
                    key[length] = k
                    length += k == 0 ? 0 : 1
                    i += 1
                }
                if i == n { break }
            } else if phase == 2 {
                // Past the "[": ASCII adds nothing; only whether it is supported counts.
                while i < n, bytes[i] < 0x80, bytes[i] != 0x5B {
                    guard table[Int(bytes[i])] & HeadingKeyTable.supported != 0 else { return nil }
                    i += 1
                }
                if i == n { break }
            }
            // ASCII (most of a heading) needs no decoding: its entry is at its byte.
            let v: UInt32, entry: UInt64
            if bytes[i] < 0x80 {
                v = UInt32(bytes[i])
                entry = table[Int(v)]
                i += 1
            } else {
                guard let (decoded, next) = scalar(in: bytes, at: i) else { return nil }
                v = decoded
                // A symbol (currency, arrows, stars) the table leaves out is weighed on the spot:
                // rare, and far cheaper than leaving the whole line to the Character path.
                entry = HeadingKeyTable.slot(of: decoded).map { table[$0] } ?? HeadingKeyTable.symbolEntry(decoded)
                i = next
            }
            guard entry & HeadingKeyTable.supported != 0 else { return nil }
            if phase == 2 { continue }
            if v == 0x5B { phase = 2; continue }
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

    /// The scalar of one, two or three UTF-8 bytes at `i` and where the next one starts; nil for
    /// a longer one (not in the table).
    @inline(__always)
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int)? {
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

    /// Symbols and the like (super- and subscripts, currency, letterlike symbols, number forms,
    /// arrows, mathematical and technical signs, enclosed alphanumerics, box drawing, geometric
    /// shapes, dingbats) that the table does not hold: each is a Character of its own beside
    /// any scalar the table supports, so `symbolEntry` weighs one as the table would.
    static let symbols: Range<UInt32> = 0x2070..<0x2800

    /// The entry a symbol would have in the table, made when met; 0 (unsupported) outside
    /// `symbols`, and for a symbol whose key scalar NFC might change (fast keys are NFC).
    static func symbolEntry(_ v: UInt32) -> UInt64 {
        guard symbols.contains(v) else { return 0 }
        let entry = entry(v)
        let count = Int(entry >> 32 & 7)
        guard count > 0 else { return entry }
        let key = (0..<count).map { UInt8(truncatingIfNeeded: entry >> UInt64(8 * $0)) }
        if String(decoding: key, as: UTF8.self).unicodeScalars.contains(where: { Normaliser.mayChangeUnderNFC($0.value) }) { return 0 }
        return entry
    }

    /// For each byte, what an ASCII run in the key makes of it, from `entries`: its key byte, 0
    /// when it adds nothing, or `endsRun` for "[", an unsupported byte or a byte above 0x7F
    /// (left to the scalar-by-scalar loop).
    static let asciiKeys: UnsafePointer<UInt8> = {
        let keys = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        keys.initialize(repeating: endsRun, count: 256)
        for b in 0..<0x80 where b != 0x5B && entries[b] & supported != 0 {
            let count = entries[b] >> 32 & 7
            precondition(count <= 1 && (count == 0 || UInt8(truncatingIfNeeded: entries[b]) != 0), "an ASCII key byte is one non-zero byte")
            keys[b] = count == 0 ? 0 : UInt8(truncatingIfNeeded: entries[b])
        }
        return UnsafePointer(keys)
    }()
    static let endsRun: UInt8 = 0xFF

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
        // The scalar itself for ".", " " and ")": no other scalar is canonically equivalent to
        // one of them, and comparing Characters was a third of the table's making.
        if character.isNumber || v == 0x2E || v == 0x20 || v == 0x29 { entry |= leadsNumber }
        if lowerCharacter.isLetter || lowerCharacter.isNumber {
            for (k, byte) in lower.utf8.enumerated() { entry |= UInt64(byte) << UInt64(8 * k) }
            entry |= UInt64(lower.utf8.count) << 32
        }
        return entry
    }
}

/// Whether the heading text of each segment (without list numbers or edit links) stands again,
/// as a line of its own, further down the page. Made when a zone first asks whether an item
/// repeats below (asking each item against every line below it was quadratic in the page):
/// the keys of that segment and every one after it are written one after another into a byte
/// buffer (`HeadingKeys`), and one pass from the bottom up answers every question with a hash set
/// of the keys seen below; no String or Dictionary a segment.
struct RepeatedHeadings {
    private let segments: PageSegments
    /// The first segment the answers cover; nil until first asked.
    private var first: Int?
    /// Whether each segment from `first` on has a non-empty key that a later segment shares.
    private var repeats: [Bool] = []

    init(segments: PageSegments) {
        self.segments = segments
    }

    /// Whether segment `index`'s heading key is not empty and is the key of a later segment.
    mutating func repeatsBelow(_ index: Int) -> Bool {
        if first == nil || index < first! {
            // Zones ask about segments in page order, so one build usually answers them all.
            repeats = HeadingKeys(segments: segments, from: index).repeatsBelow()
            first = index
        }
        return repeats[index - first!]
    }
}

/// The heading keys (`ZoneMarker.headingKey`) of the segments from one on, as bytes in one
/// buffer, each with a hash.
struct HeadingKeys {
    private var bytes: [UInt8] = []
    /// Where each key ends in `bytes` (it starts where the one before ends).
    private var ends: [Int] = []
    private var hashes: [UInt64] = []
    /// Whether every key is in NFC, as the page's text is: then two keys are equal Strings
    /// (canonically equivalent) exactly when their bytes are equal. Fast keys always are (their
    /// scalars are starters that compose with nothing); a Character-path key is unless it holds
    /// a scalar NFC might change (a combining mark its lower-casing or filtering left bare).
    private var allNFC = true

    init(segments: PageSegments, from start: Int) {
        let count = segments.count - start
        ends.reserveCapacity(count)
        hashes.reserveCapacity(count)
        bytes.reserveCapacity(count * 32)
        // Each fast key is written here first (twice the longest segment), then copied once.
        var scratch = [UInt8](repeating: 0, count: 16)
        for index in start..<segments.count {
            let begin = bytes.count
            let written: Int? = segments.withUTF8(index) { text in
                if scratch.count < text.count * 2 { scratch = [UInt8](repeating: 0, count: text.count * 2) }
                return scratch.withUnsafeMutableBufferPointer { key in
                    guard let length = ZoneMarker.writeFastHeadingKey(of: text, to: key.baseAddress!) else { return nil }
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: key[..<length]))
                    return length
                }
            }
            if written == nil {
                let key = ZoneMarker.unicodeHeadingKey(segments.text(index))
                if key.unicodeScalars.contains(where: { $0.value >= 0x300 && Normaliser.mayChangeUnderNFC($0.value) }) { allNFC = false }
                bytes.append(contentsOf: key.utf8)
            }
            ends.append(bytes.count)
            hashes.append(bytes.withUnsafeBufferPointer { HeadingKeys.hash(UnsafeBufferPointer(rebasing: $0[begin...])) })
        }
    }

    /// For each key, whether it is not empty and a later key equals it: one pass from the last
    /// key up, with an open-addressing set of the keys below (slots hold a key's number + 1).
    func repeatsBelow() -> [Bool] {
        guard allNFC else { return repeatsBelowByStrings() }
        let count = ends.count
        var answers = [Bool](repeating: false, count: count)
        var capacity = 16
        while capacity < count * 2 { capacity <<= 1 }
        var slots = [Int32](repeating: 0, count: capacity)
        let mask = capacity - 1
        bytes.withUnsafeBufferPointer { bytes in
            for key in stride(from: count - 1, through: 0, by: -1) {
                let range = start(of: key)..<ends[key]
                guard !range.isEmpty else { continue }
                var slot = Int(truncatingIfNeeded: hashes[key]) & mask
                while slots[slot] != 0 {
                    let other = Int(slots[slot]) - 1
                    if hashes[other] == hashes[key],
                       bytes[start(of: other)..<ends[other]].elementsEqual(bytes[range]) { break }
                    slot = (slot + 1) & mask
                }
                if slots[slot] != 0 {
                    answers[key] = true
                } else {
                    slots[slot] = Int32(key + 1)
                }
            }
        }
        return answers
    }

    /// `repeatsBelow` with the keys as Strings (compared as Strings compare), for keys that are
    /// not all in NFC.
    private func repeatsBelowByStrings() -> [Bool] {
        let keys = ends.indices.map { String(decoding: bytes[start(of: $0)..<ends[$0]], as: UTF8.self) }
        var seen: Set<String> = []
        var answers = [Bool](repeating: false, count: keys.count)
        for key in keys.indices.reversed() where !keys[key].isEmpty {
            answers[key] = !seen.insert(keys[key]).inserted
        }
        return answers
    }

    private func start(of key: Int) -> Int { key == 0 ? 0 : ends[key - 1] }

    /// The key's bytes eight at a time, multiplied and folded (keys are short: a heading).
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = UInt64(key.count) &* 0x9E37_79B9_7F4A_7C15
        var i = 0
        while i + 8 <= key.count {
            let word = UnsafeRawPointer(key.baseAddress! + i).loadUnaligned(as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < key.count {
            tail |= UInt64(key[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ h >> 29
    }
}
