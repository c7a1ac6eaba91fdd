/// Measures every segment of a page: counts of characters, words, stopwords and the like,
/// and where the segment stands. One pass over each segment's UTF-8 bytes collects the
/// counts and the language mask of every word; the page's language is guessed from the masks
/// and then selects which list the stopword share counts against.
public struct FeatureMeasurer: Sendable {
    public let stopwords: StopwordLists
    public let guesser: LanguageGuesser

    public init(stopwords: StopwordLists) {
        self.stopwords = stopwords
        self.guesser = LanguageGuesser(stopwords: stopwords)
    }

    /// Measures the segments of `page` (reading each one's bytes in the page, by its range).
    public func measure(_ segments: [Segment], in page: NormalisedPage) -> (features: [Features], language: String?) {
        var text = page.text
        return text.withUTF8 { whole in
            measure(segments) { UnsafeBufferPointer(rebasing: whole[segments[$0].byteRange]) }
        }
    }

    /// Measures segments by their own text.
    public func measure(_ segments: [Segment]) -> (features: [Features], language: String?) {
        // Each text's bytes are valid only inside `withUTF8`, so measure them joined in one buffer.
        var joined = segments.map(\.text).joined(separator: "\n")
        var ranges: [Range<Int>] = []
        var offset = 0
        for segment in segments {
            let count = segment.text.utf8.count
            ranges.append(offset..<(offset + count))
            offset += count + 1
        }
        return joined.withUTF8 { whole in
            measure(segments) { UnsafeBufferPointer(rebasing: whole[ranges[$0]]) }
        }
    }

    /// `bytes(i)`: the UTF-8 of segment `i` (by position in `segments`).
    private func measure(_ segments: [Segment], bytes: (Int) -> UnsafeBufferPointer<UInt8>) -> (features: [Features], language: String?) {
        var all: [Features] = []
        all.reserveCapacity(segments.count)
        // The language mask of every word of the page, flat, and where each segment's words end.
        var scanner = TextScanner(stopwords: stopwords)
        defer { scanner.deallocate() }
        var ends: [Int] = []
        ends.reserveCapacity(segments.count)
        for (position, segment) in segments.enumerated() {
            var features = scanner.scan(bytes(position))
            features.index = segment.index
            features.count = segments.count
            all.append(features)
            ends.append(scanner.masks.count)
        }
        let masks = scanner.masks.buffer
        let language = guesser.guess(masks: masks.prefix(8000))
        let selector = stopwords.selector(for: language)
        var start = 0
        for index in all.indices {
            var count = 0
            for i in start..<ends[index] where masks[i] & selector != 0 { count += 1 }
            all[index].stopwords = count
            start = ends[index]
        }
        return (all, language)
    }

    /// Counts that depend on the text alone (no page, no language); rule examples use these.
    public static func textFeatures(of text: String) -> Features {
        var scanner = TextScanner(stopwords: nil)
        defer { scanner.deallocate() }
        var text = text
        return text.withUTF8 { scanner.scan($0) }
    }
}

/// One pass over a segment's UTF-8: character classes, words, capitalised words, separators,
/// the ending, and the stopword-list mask of each word (lower-cased, apostrophes unified).
/// ASCII goes through a table; other scalars are decoded and classified. One scanner measures
/// a whole page: the masks of all its words accumulate in `masks`. The current word is kept
/// lower-cased in a small buffer with its hash, so looking it up costs no second pass.
struct TextScanner {
    /// The stopword index, read through its raw storage (kept alive by `stopwords`).
    private let stopwords: StopwordLists?
    private let table: ByteKeyTable.View?
    private let longestWord: Int
    /// The language mask of each word scanned so far that some list holds.
    private(set) var masks = MaskList()
    /// The current word, lower-cased (at most 64 bytes and one scalar).
    private let token: UnsafeMutablePointer<UInt8>

    init(stopwords: StopwordLists?) {
        self.stopwords = stopwords
        table = stopwords?.table.view
        longestWord = stopwords?.longestWordBytes ?? 0
        token = .allocate(capacity: 72)
    }

    /// Frees the scanner's buffers (it is a value: whoever made it frees them, once).
    func deallocate() {
        token.deallocate()
        masks.deallocate()
    }

    /// A growable list of word masks.
    struct MaskList {
        private(set) var base = UnsafeMutablePointer<UInt64>.allocate(capacity: 1024)
        private(set) var count = 0
        private var capacity = 1024

        var buffer: UnsafeBufferPointer<UInt64> { UnsafeBufferPointer(start: base, count: count) }

        @inline(__always)
        mutating func append(_ mask: UInt64) {
            if count == capacity {
                let larger = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity * 2)
                larger.update(from: base, count: count)
                base.deallocate()
                base = larger
                capacity *= 2
            }
            base[count] = mask
            count += 1
        }

        func deallocate() { base.deallocate() }
    }

    // ASCII character kinds, one table lookup a byte.
    static let closerBit: UInt8 = 1, spaceBit: UInt8 = 2, separatorBit: UInt8 = 4, lowerBit: UInt8 = 8
    static let upperBit: UInt8 = 16, digitBit: UInt8 = 32, joinerBit: UInt8 = 64
    static let ascii: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 128)
        for v in 0..<128 {
            var flags: UInt8 = 0
            if [0x22, 0x27, 0x29, 0x5D].contains(v) { flags |= closerBit }
            if v == 0x20 { flags |= spaceBit }
            if [0x7C, 0x2F, 0x3E].contains(v) { flags |= separatorBit }
            if (0x61...0x7A).contains(v) { flags |= lowerBit }
            if (0x41...0x5A).contains(v) { flags |= upperBit }
            if (0x30...0x39).contains(v) { flags |= digitBit }
            if v == 0x27 || v == 0x2D { flags |= joinerBit }   // apostrophe and hyphen: kept inside a word
            table[v] = flags
        }
        return UnsafePointer(table)
    }()

    /// For each ASCII byte, what it adds to the packed counts: 1 in bits 0 (letter), 16 (upper
    /// case), 32 (digit), 48 (separator mark).
    static let asciiIncrements: UnsafePointer<UInt64> = {
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: 128)
        for v in 0..<128 {
            let kind = ascii[v]
            var increment: UInt64 = 0
            if kind & (lowerBit | upperBit) != 0 { increment |= 1 }
            if kind & upperBit != 0 { increment |= 1 << 16 }
            if kind & digitBit != 0 { increment |= 1 << 32 }
            if kind & separatorBit != 0 { increment |= 1 << 48 }
            table[v] = increment
        }
        return UnsafePointer(table)
    }()

    @inline(__always) static func isCloser(_ v: UInt32) -> Bool {
        switch v {
        case 0x22, 0x27, 0x201D, 0x2019, 0xBB, 0x29, 0x5D, 0x300D, 0x300F, 0x203A: return true
        default: return false
        }
    }

    @inline(__always) static func isSentenceEnd(_ v: UInt32) -> Bool {
        switch v {
        case 0x2E, 0x21, 0x3F, 0x2026, 0x3002, 0xFF01, 0xFF1F, 0x061F, 0x0964: return true
        default: return false
        }
    }

    @inline(__always) static func isBullet(_ v: UInt32) -> Bool {
        switch v {
        case 0x2022, 0xB7, 0x2D, 0x2013, 0x2014, 0x2A, 0x25BA, 0x25B6, 0x25B8, 0x203A, 0xBB, 0x2192, 0x2713, 0x25E6, 0x25AA, 0x25A0: return true
        default: return false
        }
    }

    @inline(__always) static func isSeparatorMark(_ v: UInt32) -> Bool {
        switch v {
        case 0x7C, 0x2022, 0xB7, 0xBB, 0x203A, 0x2F, 0x3E: return true
        default: return false
        }
    }

    static let fnvOffset: UInt64 = 0xCBF2_9CE4_8422_2325
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Features {
        var f = Features()
        guard let p = bytes.baseAddress, bytes.count > 0 else { return f }
        let kinds = Self.ascii
        let token = self.token
        let collect = table != nil
        let hashed = longestWord
        var tokenLength = 0
        var hash = Self.fnvOffset
        var wordStart = true
        var spaceTokens = 0
        var cjk = 0
        var continuation = 0
        var letters = 0, uppercase = 0, digits = 0, capitalised = 0, separators = 0
        // Letters, upper case, digits and separators of ASCII bytes, 16 bits each in one word:
        // one table lookup and one addition a byte; added to the counts every 32K bytes.
        let increments = Self.asciiIncrements
        var packed: UInt64 = 0
        var i = 0
        let n = bytes.count
        var chunkEnd = 0
        while i < n {
          if i >= chunkEnd {
            letters &+= Int(packed & 0xFFFF); uppercase &+= Int(packed >> 16 & 0xFFFF)
            digits &+= Int(packed >> 32 & 0xFFFF); separators &+= Int(packed >> 48)
            packed = 0
            chunkEnd = i + 32768
          }
            let b0 = p[i]
            if b0 < 0x80 {
                i &+= 1
                let kind = kinds[Int(b0)]
                if kind & Self.spaceBit != 0 {
                    if tokenLength > 0 { endToken(tokenLength, hash) }
                    tokenLength = 0
                    hash = Self.fnvOffset
                    wordStart = true
                    continue
                }
                packed &+= increments[Int(b0)]
                let upper = Int(kind >> 4 & 1)
                if wordStart {
                    spaceTokens &+= 1
                    capitalised &+= upper
                    wordStart = false
                }
                if kind & (Self.lowerBit | Self.upperBit | Self.digitBit) == 0 && (kind & Self.joinerBit == 0 || tokenLength == 0) {
                    continue
                }
                if collect && tokenLength < 64 {
                    let byte = b0 | UInt8(upper << 5)
                    token[tokenLength] = byte
                    tokenLength &+= 1
                    if tokenLength <= hashed { hash = (hash ^ UInt64(byte)) &* Self.fnvPrime }
                }
                continue
            }
            // Decode one scalar (the normaliser guarantees valid UTF-8).
            let v: UInt32
            let u0 = UInt32(b0)
            if b0 < 0xE0 { v = (u0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F); i &+= 2; continuation &+= 1 }
            else if b0 < 0xF0 { v = (u0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F); i &+= 3; continuation &+= 2 }
            else { v = (u0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F); i &+= 4; continuation &+= 3 }
            if Self.isSeparatorMark(v) { separators &+= 1 }
            if wordStart { spaceTokens &+= 1 }
            var append: UInt32? = nil
            switch Self.classifyCached(v) {
            case .upper(let lower):
                letters &+= 1
                uppercase &+= 1
                if wordStart { capitalised &+= 1 }
                append = lower
            case .lower:
                letters &+= 1
                append = v
            case .cjk:
                letters &+= 1
                cjk &+= 1
            case .digit:
                digits &+= 1
                append = v
            case .apostrophe:
                if tokenLength > 0 { append = 0x27 }
            case .other:
                break
            }
            if collect, let scalar = append, tokenLength < 64 {
                var encoded: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
                let length: Int
                if scalar < 0x80 { encoded.0 = UInt8(scalar); length = 1 }
                else if scalar < 0x800 { encoded = (UInt8(0xC0 | scalar >> 6), UInt8(0x80 | scalar & 0x3F), 0, 0); length = 2 }
                else if scalar < 0x10000 { encoded = (UInt8(0xE0 | scalar >> 12), UInt8(0x80 | scalar >> 6 & 0x3F), UInt8(0x80 | scalar & 0x3F), 0); length = 3 }
                else { encoded = (UInt8(0xF0 | scalar >> 18), UInt8(0x80 | scalar >> 12 & 0x3F), UInt8(0x80 | scalar >> 6 & 0x3F), UInt8(0x80 | scalar & 0x3F)); length = 4 }
                for k in 0..<length {
                    let byte = k == 0 ? encoded.0 : k == 1 ? encoded.1 : k == 2 ? encoded.2 : encoded.3
                    token[tokenLength] = byte
                    tokenLength &+= 1
                    if tokenLength <= hashed { hash = (hash ^ UInt64(byte)) &* Self.fnvPrime }
                }
            }
            wordStart = false
        }
        if tokenLength > 0 { endToken(tokenLength, hash) }
        letters &+= Int(packed & 0xFFFF); uppercase &+= Int(packed >> 16 & 0xFFFF)
        digits &+= Int(packed >> 32 & 0xFFFF); separators &+= Int(packed >> 48)
        f.chars = n - continuation
        f.letters = letters
        f.uppercase = uppercase
        f.digits = digits
        f.capitalisedWords = capitalised
        f.separators = separators
        f.words = spaceTokens
        // Scripts written without spaces: about two characters a word.
        if cjk * 2 > letters { f.words = max(spaceTokens, cjk / 2) }
        // The ending: the last character that is not a closing quote or bracket.
        var end = n
        var lastNonCloser: UInt32 = 0
        while end > 0 {
            var start = end - 1
            while start > 0 && p[start] & 0xC0 == 0x80 { start -= 1 }
            let scalar = Self.decode(p, at: start)
            end = start
            if !Self.isCloser(scalar) { lastNonCloser = scalar; break }
        }
        f.endsWithPunctuation = Self.isSentenceEnd(lastNonCloser)
        f.endsWithColon = lastNonCloser == 0x3A || lastNonCloser == 0xFF1A
        // The beginning: a bullet followed by a space.
        let first = Self.decode(p, at: 0)
        let firstLength = first < 0x80 ? 1 : first < 0x800 ? 2 : first < 0x10000 ? 3 : 4
        f.startsWithBullet = Self.isBullet(first) && firstLength < n && p[firstLength] == 0x20
        return f
    }

    @inline(__always)
    static func decode(_ p: UnsafePointer<UInt8>, at i: Int) -> UInt32 {
        let b0 = UInt32(p[i])
        if b0 < 0x80 { return b0 }
        if b0 < 0xE0 { return (b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F) }
        if b0 < 0xF0 { return (b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F) }
        return (b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F)
    }

    enum Kind { case upper(UInt32), lower, cjk, digit, apostrophe, other }

    /// `classify` of every scalar below U+3000 (Latin, Greek, Cyrillic, Armenian, Hebrew,
    /// Arabic, Indic scripts, punctuation), computed once: kind in the low byte, the lower-case
    /// scalar of an upper-case letter above it.
    static let cachedLimit: UInt32 = 0x3000
    static let cachedKinds: UnsafePointer<UInt32> = {
        let table = UnsafeMutablePointer<UInt32>.allocate(capacity: Int(cachedLimit))
        for v in 0..<cachedLimit {
            switch classify(v) {
            case .other: table[Int(v)] = 0
            case .lower: table[Int(v)] = 1
            case .upper(let lower): table[Int(v)] = 2 | lower << 8
            case .cjk: table[Int(v)] = 3
            case .digit: table[Int(v)] = 4
            case .apostrophe: table[Int(v)] = 5
            }
        }
        return UnsafePointer(table)
    }()

    @inline(__always)
    static func classifyCached(_ v: UInt32) -> Kind {
        guard v < cachedLimit else { return classify(v) }
        let entry = cachedKinds[Int(v)]
        switch entry & 0xFF {
        case 1: return .lower
        case 2: return .upper(entry >> 8)
        case 3: return .cjk
        case 4: return .digit
        case 5: return .apostrophe
        default: return .other
        }
    }

    /// Character class with fast paths for ASCII, Latin-1 and Cyrillic; the rest asks Unicode.
    @inline(__always)
    static func classify(_ v: UInt32) -> Kind {
        switch v {
        case 0x61...0x7A: return .lower
        case 0x41...0x5A: return .upper(v | 0x20)
        case 0x30...0x39: return .digit
        case 0x27, 0x2019: return .apostrophe
        case 0..<0x80: return .other
        case 0xC0...0xDE where v != 0xD7: return .upper(v + 0x20)
        case 0xDF...0xFF where v != 0xF7: return .lower
        case 0x410...0x42F: return .upper(v + 0x20)
        case 0x400...0x40F: return .upper(v + 0x50)
        case 0x430...0x45F: return .lower
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF: return .cjk
        default:
            guard let scalar = Unicode.Scalar(v) else { return .other }
            let properties = scalar.properties
            if properties.isAlphabetic {
                if properties.isUppercase, let lower = properties.lowercaseMapping.unicodeScalars.first { return .upper(lower.value) }
                return .lower
            }
            return properties.numericType != nil ? .digit : .other
        }
    }

    /// A word ended: its stopword mask, in the page's list of masks. Trailing hyphens are
    /// edges, not part of the word; an elision ("l'homme") counts by its article ("l'").
    @inline(never)
    private mutating func endToken(_ length: Int, _ hash: UInt64) {
        guard let table else { return }
        var length = length
        var hash = hash
        if token[length - 1] == 0x2D {
            while length > 0 && token[length - 1] == 0x2D { length -= 1 }
            guard length > 0 else { return }
            hash = ByteKeyTable.hash(token, count: length)
        }
        var mask = length <= longestWord ? table.value(of: token, count: length, hash: hash) : 0
        if mask == 0 {
            var apostrophe = 0
            while apostrophe < length && apostrophe < 4 && token[apostrophe] != 0x27 { apostrophe += 1 }
            if apostrophe < length && apostrophe < 4 && apostrophe + 1 <= longestWord {
                mask = table.value(of: token, count: apostrophe + 1, hash: ByteKeyTable.hash(token, count: apostrophe + 1))
            }
        }
        masks.append(mask)
    }
}
