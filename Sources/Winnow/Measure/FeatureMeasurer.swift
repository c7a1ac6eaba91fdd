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
        return page.withUTF8 { whole in
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

    /// How many of a page's first words the language guess reads. (Constants of the hot loops
    /// are computed properties: a `static let` is checked for its initialisation at each use.)
    static var wordsForGuess: Int { 8000 }

    /// `bytes(i)`: the UTF-8 of segment `i` (by position in `segments`).
    private func measure(_ segments: [Segment], bytes: (Int) -> UnsafeBufferPointer<UInt8>) -> (features: [Features], language: String?) {
        var all: [Features] = []
        all.reserveCapacity(segments.count)
        // The language masks of the page's words that some list holds, flat, and where each
        // segment's masks end.
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
        let language = guesser.guess(masks: scanner.masksForGuess)
        let selector = stopwords.selector(for: language)
        var start = 0
        for index in all.indices {
            let end = ends[index]
            var count = 0
            if selector == ~0 { count = end - start }   // every list: every held word counts
            else { for i in start..<end where masks[i] & selector != 0 { count &+= 1 } }
            all[index].stopwords = count
            start = end
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
/// the ending, and the stopword-list mask of each word (lower-cased, apostrophes unified),
/// looked up as soon as the word ends, in word order. A word of ASCII letters (with trailing
/// punctuation) after a space, most words, is taken whole: its first 16 bytes are classified
/// eight at a time (`AsciiWord`), and its key comes straight from those two machine words.
/// Other words go byte by byte: ASCII through a table, without branches (one load a byte gives
/// its counts and its part in a word), other scalars decoded and classified, the key written
/// into a small buffer. One scanner measures a whole page: the masks of all its words that some
/// list holds accumulate in `masks`.
struct TextScanner {
    /// The stopword index (nil: no masks are collected).
    private let table: WordMaskTable?
    private let view: WordMaskTable.View?
    private let longestWord: Int
    /// The language mask of each word scanned so far that some list holds (words in no list
    /// are counted in `wordsSeen` only).
    private(set) var masks = MaskList()
    /// Words looked up so far, in a list or not.
    private(set) var wordsSeen = 0
    /// How many of `masks` belong to the first `FeatureMeasurer.wordsForGuess` words.
    private var masksInGuessWords = -1
    /// The key of the word being read byte by byte (at most 64 bytes and one scalar, and 16
    /// readable bytes past it: keys are read as two words).
    private let key = UnsafeMutablePointer<UInt8>.allocate(capacity: 128)
    /// The static tables, held here so the hot loops do not check a global's initialisation.
    private let ascii: UnsafePointer<AsciiClass>
    private let cachedKinds: UnsafePointer<UInt32>
    private let twoByte: UnsafePointer<TwoByteClass>

    init(stopwords: StopwordLists?) {
        table = stopwords?.table
        view = stopwords?.table.view
        longestWord = stopwords?.longestWordBytes ?? 0
        ascii = Self.asciiClasses
        cachedKinds = Self.cachedKindTable
        twoByte = Self.twoByteClasses
        key.initialize(repeating: 0, count: 128)
    }

    /// Frees the scanner's buffers (it is a value: whoever made it frees them, once).
    func deallocate() {
        key.deallocate()
        masks.deallocate()
    }

    /// The masks of the first `FeatureMeasurer.wordsForGuess` words (those in no list left out).
    var masksForGuess: UnsafeBufferPointer<UInt64> {
        let count = masksInGuessWords >= 0 ? masksInGuessWords : masks.count
        return UnsafeBufferPointer(rebasing: masks.buffer[..<count])
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

        /// Room for `more` masks.
        mutating func reserve(_ more: Int) {
            guard count + more > capacity else { return }
            while count + more > capacity { capacity *= 2 }
            let larger = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
            larger.update(from: base, count: count)
            base.deallocate()
            base = larger
        }

        /// Appends `mask` unless it is 0, without a branch (room reserved).
        @inline(__always)
        mutating func appendNonZero(_ mask: UInt64) {
            base[count] = mask
            count &+= mask != 0 ? 1 : 0
        }

        func deallocate() { base.deallocate() }
    }

    /// What an ASCII byte is, all a byte of the hot loop needs in one load.
    struct AsciiClass {
        /// What it adds to the packed counts: 1 in bits 0 (letter), 16 (upper case), 32 (digit),
        /// 48 (separator mark).
        var increments: UInt64 = 0
        /// The byte lower-cased, as it stands in a word's key.
        var lowered: UInt8 = 0
        /// 1 for an upper-case letter.
        var upper: UInt8 = 0
        /// 1 for letters and digits, always part of a word's key.
        var wordByte: UInt8 = 0
        /// 1 for the apostrophe and the hyphen, kept in a word's key but not first.
        var joiner: UInt8 = 0
        /// 1 for the space, which ends a word.
        var space: UInt8 = 0
        /// 1 for bytes that count for nothing and are no part of a key (punctuation such as
        /// `,` `.` `)`, but not the joiners or separator marks): a word's trailing ones change
        /// nothing but `wordStart`.
        var inert: UInt8 = 0
    }

    static let asciiClasses: UnsafePointer<AsciiClass> = {
        let table = UnsafeMutablePointer<AsciiClass>.allocate(capacity: 128)
        for v in 0..<128 {
            var c = AsciiClass()
            let lower = (0x61...0x7A).contains(v), upper = (0x41...0x5A).contains(v), digit = (0x30...0x39).contains(v)
            if lower || upper { c.increments |= 1 }
            if upper { c.increments |= 1 << 16 }
            if digit { c.increments |= 1 << 32 }
            if isSeparatorMark(UInt32(v)) { c.increments |= 1 << 48 }
            c.lowered = UInt8(v) | (upper ? 0x20 : 0)
            c.upper = upper ? 1 : 0
            c.wordByte = lower || upper || digit ? 1 : 0
            c.joiner = v == 0x27 || v == 0x2D ? 1 : 0
            c.space = v == 0x20 ? 1 : 0
            c.inert = c.increments == 0 && c.wordByte == 0 && c.joiner == 0 && c.space == 0 ? 1 : 0
            table[v] = c
        }
        return UnsafePointer(table)
    }()

    /// What a scalar of two UTF-8 bytes (U+0080...U+07FF: accented Latin, Greek, Cyrillic,
    /// Hebrew, Arabic) is, so that these go without branches like ASCII bytes: its counts, and
    /// what it adds to a word's key.
    struct TwoByteClass {
        /// As `AsciiClass.increments`.
        var increments: UInt64 = 0
        /// The UTF-8 of the scalar (lower-cased) as it stands in a word's key, little-endian,
        /// and its length (0: no part of a key).
        var keyBytes: UInt32 = 0
        var keyLength: UInt8 = 0
        /// 1 for an upper-case letter.
        var upper: UInt8 = 0
    }

    static let twoByteClasses: UnsafePointer<TwoByteClass> = {
        let table = UnsafeMutablePointer<TwoByteClass>.allocate(capacity: 0x800)
        table.initialize(repeating: TwoByteClass(), count: 0x80)   // not reached: valid UTF-8
        for v in UInt32(0x80)..<0x800 {
            var c = TwoByteClass()
            var append: UInt32? = nil
            switch classify(v) {
            case .upper(let lower): c.increments = 1 | 1 << 16; c.upper = 1; append = lower
            case .lower: c.increments = 1; append = v
            case .digit: c.increments = 1 << 32; append = v
            case .cjk, .apostrophe: preconditionFailure("no such scalar of two bytes")
            case .other: break
            }
            if isSeparatorMark(v) { c.increments |= 1 << 48 }
            if let append {
                let utf8 = Array(String(Unicode.Scalar(append)!).utf8)
                for (k, byte) in utf8.enumerated() { c.keyBytes |= UInt32(byte) << UInt32(8 * k) }
                c.keyLength = UInt8(utf8.count)
            }
            table[Int(v)] = c
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

    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Features {
        var f = Features()
        guard let p = bytes.baseAddress, bytes.count > 0 else { return f }
        let n = bytes.count
        if view != nil { masks.reserve(n / 2 + 1) }   // a word and a space: at most one word in two bytes
        let ascii = self.ascii
        let cachedKinds = self.cachedKinds
        let key = self.key
        let collect = view != nil
        var wordLength = 0   // key bytes of the current word (read byte by byte)
        var wordStart = 1
        var spaceTokens = 0
        var cjk = 0
        var continuation = 0
        var letters = 0, uppercase = 0, digits = 0, capitalised = 0, separators = 0
        // Counts of the ASCII and two-byte paths, 16 bits each in two words (letters, upper
        // case, digits, separators; words, capitalised words, continuation bytes): one addition
        // each, and fewer values for the loop to keep in registers. Added to the counts every
        // 32K bytes (less than one a byte each, so no field overflows).
        var packed: UInt64 = 0
        var tokens: UInt64 = 0
        var i = 0
        var chunkEnd = 0
        while i < n {
          if i >= chunkEnd {
            letters &+= Int(packed & 0xFFFF); uppercase &+= Int(packed >> 16 & 0xFFFF)
            digits &+= Int(packed >> 32 & 0xFFFF); separators &+= Int(packed >> 48)
            spaceTokens &+= Int(tokens & 0xFFFF); capitalised &+= Int(tokens >> 16 & 0xFFFF)
            continuation &+= Int(tokens >> 32 & 0xFFFF)
            packed = 0
            tokens = 0
            chunkEnd = i + 32768
          }
            if wordStart != 0 {
                // A word starts: take it whole when it is ASCII letters (at most 15), then
                // punctuation that counts for nothing, then a space or the end.
                let word = AsciiWord(p + i, available: n &- i)
                if word.letters > 0 && word.letters < 16 {
                    var end = i &+ word.letters
                    while end < n && p[end] < 0x80 && ascii[Int(p[end])].inert != 0 { end &+= 1 }
                    if end == n || p[end] == 0x20 {
                        tokens &+= 1 | UInt64(truncatingIfNeeded: word.firstIsUpper) << 16
                        packed &+= UInt64(truncatingIfNeeded: word.letters) | UInt64(truncatingIfNeeded: word.uppercase) << 16
                        if collect { record(word.letters <= longestWord ? view!.value(low: word.low, high: word.high) : 0) }
                        i = end &+ 1   // past the space (or the end)
                        continue
                    }
                }
            }
            let b0 = p[i]
            if b0 < 0x80 {
                // No branch but the word's end: the byte is written past the key and kept when
                // it belongs to the word (letters and digits; joiners not first; 64 bytes at
                // most); a space ends the word (looked up when it has a key).
                i &+= 1
                let c = ascii[Int(b0)]
                packed &+= c.increments
                let space = Int(c.space)
                tokens &+= UInt64(truncatingIfNeeded: wordStart & (space ^ 1)) | UInt64(truncatingIfNeeded: wordStart & Int(c.upper)) << 16
                wordStart = space
                key[wordLength] = c.lowered
                let inWord = wordLength != 0 ? 1 : 0
                wordLength &+= (Int(c.wordByte) | Int(c.joiner) & inWord) & (wordLength < 64 ? 1 : 0)
                if space & inWord != 0 {
                    if collect { lookUp(wordLength) }
                    wordLength = 0
                }
                continue
            }
            // Decode one scalar (the normaliser guarantees valid UTF-8).
            let v: UInt32
            let u0 = UInt32(b0)
            if b0 < 0xE0 {
                // Two bytes: one table load, no branch, as for ASCII (a key of up to 64 bytes
                // and one scalar; the four bytes stored past it are scratch).
                let c = twoByte[Int((u0 & 0x1F) << 6 | UInt32(p[i &+ 1] & 0x3F))]
                i &+= 2
                packed &+= c.increments
                tokens &+= UInt64(truncatingIfNeeded: wordStart) | UInt64(truncatingIfNeeded: wordStart & Int(c.upper)) << 16 | 1 << 32
                wordStart = 0
                UnsafeMutableRawPointer(key + wordLength).storeBytes(of: c.keyBytes.littleEndian, as: UInt32.self)
                wordLength &+= wordLength < 64 ? Int(c.keyLength) : 0
                continue
            }
            if b0 < 0xF0 { v = (u0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F); i &+= 3; continuation &+= 2 }
            else { v = (u0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F); i &+= 4; continuation &+= 3 }
            if Self.isSeparatorMark(v) { separators &+= 1 }
            spaceTokens &+= wordStart
            var append: UInt32? = nil
            switch v < Self.cachedLimit ? Self.kind(cached: cachedKinds[Int(v)]) : Self.classify(v) {
            case .upper(let lower):
                letters &+= 1
                uppercase &+= 1
                capitalised &+= wordStart
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
                if wordLength > 0 { append = 0x27 }
            case .other:
                break
            }
            if let scalar = append, wordLength < 64 {
                let k = key + wordLength
                if scalar < 0x80 { k[0] = UInt8(scalar); wordLength &+= 1 }
                else if scalar < 0x800 { k[0] = UInt8(0xC0 | scalar >> 6); k[1] = UInt8(0x80 | scalar & 0x3F); wordLength &+= 2 }
                else if scalar < 0x10000 {
                    k[0] = UInt8(0xE0 | scalar >> 12); k[1] = UInt8(0x80 | scalar >> 6 & 0x3F); k[2] = UInt8(0x80 | scalar & 0x3F)
                    wordLength &+= 3
                } else {
                    k[0] = UInt8(0xF0 | scalar >> 18); k[1] = UInt8(0x80 | scalar >> 12 & 0x3F)
                    k[2] = UInt8(0x80 | scalar >> 6 & 0x3F); k[3] = UInt8(0x80 | scalar & 0x3F)
                    wordLength &+= 4
                }
            }
            wordStart = 0
        }
        if wordLength > 0 && collect { lookUp(wordLength) }
        // The last chunk's counts, as at each chunk's start above (written out twice: a local
        // function for both took 3.5% more instructions in the whole run, the loop's counters spilled).
        letters &+= Int(packed & 0xFFFF); uppercase &+= Int(packed >> 16 & 0xFFFF)
        digits &+= Int(packed >> 32 & 0xFFFF); separators &+= Int(packed >> 48)
        spaceTokens &+= Int(tokens & 0xFFFF); capitalised &+= Int(tokens >> 16 & 0xFFFF)
        continuation &+= Int(tokens >> 32 & 0xFFFF)
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
    static var cachedLimit: UInt32 { 0x3000 }
    static let cachedKindTable: UnsafePointer<UInt32> = {
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

    /// The kind of a `cachedKindTable` entry.
    @inline(__always)
    static func kind(cached entry: UInt32) -> Kind {
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

    /// 0x80 in the place of each apostrophe byte of `word` (exact for any byte: no carries).
    @inline(__always)
    static func apostrophes(in word: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let x = word ^ 0x2727_2727_2727_2727
        return ~((x & low) &+ low | x) & 0x8080_8080_8080_8080
    }

    /// Keeps a word's mask when a list holds the word, and counts the word.
    @inline(__always)
    private mutating func record(_ mask: UInt64) {
        masks.appendNonZero(mask)
        wordsSeen &+= 1
        if wordsSeen == FeatureMeasurer.wordsForGuess { masksInGuessWords = masks.count }
    }

    /// Looks up the word of `length` key bytes in `key` (room reserved in `masks`). Trailing
    /// hyphens are edges, not part of the word; an elision ("l'homme") counts by its article ("l'").
    private mutating func lookUp(_ length: Int) {
        guard let view else { return }
        let word = key
        var length = length
        if word[length - 1] == 0x2D {
            while length > 0 && word[length - 1] == 0x2D { length -= 1 }
            if length == 0 { return }
        }
        let (low, high) = WordMaskTable.key(word, count: length)
        var mask: UInt64 = 0
        if length <= longestWord {
            mask = length <= WordMaskTable.inlineBytes ? view.value(low: low, high: high) : table!.value(ofPadded: word, count: length)
        }
        if mask == 0 {
            // An apostrophe among the first four bytes (`low` holds the word's first bytes, zero-padded).
            let apostrophes = Self.apostrophes(in: low) & 0x8080_8080
            if apostrophes != 0 {
                let prefix = apostrophes.trailingZeroBitCount / 8 + 1
                if prefix <= longestWord {
                    mask = view.value(low: low & (1 &<< UInt64(prefix &* 8) &- 1), high: 0)
                }
            }
        }
        record(mask)
    }
}

/// The ASCII letters a word starts with, up to 16, classified eight bytes at a time: how many
/// there are, how many are upper case, whether the first is, and their key (lower-cased, as two
/// zero-padded little-endian words, `WordMaskTable.key`).
struct AsciiWord {
    /// Letters before the first other byte; 16 when there are at least that many.
    let letters: Int
    let uppercase: Int
    let firstIsUpper: Int
    let low: UInt64
    let high: UInt64

    /// The word at `p`, of which `available` bytes may be read.
    @inline(__always)
    init(_ p: UnsafePointer<UInt8>, available: Int) {
        let first = Self.classify(Self.load(p, available: available))
        if first.letters < 8 {
            letters = first.letters
            uppercase = first.uppercase
            high = 0
        } else {
            let second = Self.classify(Self.load(p + 8, available: available &- 8))
            letters = 8 &+ second.letters
            uppercase = first.uppercase &+ second.uppercase
            high = second.key
        }
        low = first.key
        firstIsUpper = first.firstIsUpper
    }

    /// Eight bytes at `p` as a little-endian word, zero bytes past `available`.
    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>, available: Int) -> UInt64 {
        if available >= 8 { return UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)) }
        var word: UInt64 = 0
        var k = 0
        while k < available { word |= UInt64(p[k]) &<< UInt64(8 &* k); k &+= 1 }
        return word
    }

    /// The leading letters of eight bytes: their number (8 when all are), upper case among them,
    /// whether the first is upper case, and their key bytes (the rest zero).
    @inline(__always)
    static func classify(_ x: UInt64) -> (letters: Int, uppercase: Int, firstIsUpper: Int, key: UInt64) {
        let high: UInt64 = 0x8080_8080_8080_8080
        let ones: UInt64 = 0x0101_0101_0101_0101
        // With bit 5 set a letter is lower case; `(y | high) - c` keeps a byte's high bit when
        // y >= c (no borrow between bytes), `& ~x` drops the bytes that are not ASCII.
        let y = x | 0x2020_2020_2020_2020 | high
        let letter = (y &- ones &* 0x61) & ~(y &- ones &* 0x7B) & ~x & high
        let others = ~letter & high
        // The bytes before the first other byte (all eight when there is none).
        let leading = ((others & (0 &- others)) >> 7) &- 1
        let upper = letter & ~(x << 2) & leading   // bit 5 clear, moved to bit 7
        // The sum of the 0/1 bytes lands in the top byte (no `popcnt` on baseline x86-64).
        let uppercase = Int(truncatingIfNeeded: ((upper >> 7) &* ones) >> 56)
        return (others.trailingZeroBitCount >> 3, uppercase, Int(upper >> 7 & 1),
                (x | 0x2020_2020_2020_2020) & leading)
    }
}
