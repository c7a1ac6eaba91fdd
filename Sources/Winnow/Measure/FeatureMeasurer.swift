import CMeasureKernel

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
        measure(PageSegments(segments, page: page), scratch: Scratch())
    }

    /// `measure(_:in:)` with the buffers of one thread's `scratch`.
    func measure(_ segments: PageSegments, scratch: Scratch) -> (features: [Features], language: String?) {
        let spans = segments.spans
        return segments.bytes.withUnsafeBufferPointer { whole in
            measure(spans, scratch: scratch) { UnsafeBufferPointer(rebasing: whole[spans[$0].byteRange]) }
        }
    }

    /// The stage's working buffers, kept from page to page by one thread's pipeline (made and
    /// freed for every page, they were an allocation and a free each): the word masks and where
    /// each segment's end.
    final class Scratch {
        fileprivate var masks = TextScanner.MaskList()
        fileprivate var ends: [Int] = []

        init() {}

        deinit { masks.deallocate() }
    }

    /// Measures segments by their own text.
    public func measure(_ segments: [Segment]) -> (features: [Features], language: String?) {
        // Each text's bytes are valid only inside `withUTF8`, so they are measured joined in one buffer.
        measure(PageSegments(segments), scratch: Scratch())
    }

    /// How many of a page's first words the language guess reads. (Constants of the hot loops
    /// are computed properties: a `static let` is checked for its initialisation at each use.)
    static var wordsForGuess: Int { 8000 }

    /// `bytes(i)`: the UTF-8 of segment `i` (by position in `segments`).
    private func measure(_ segments: [SegmentSpan], scratch: Scratch, bytes: (Int) -> UnsafeBufferPointer<UInt8>) -> (features: [Features], language: String?) {
        // The language masks of the page's words that some list holds, flat, and where each
        // segment's masks end (both in the scratch's buffers, handed back at the end).
        var scanner = TextScanner(stopwords: stopwords, masks: scratch.masks)
        var ends: [Int] = []
        swap(&ends, &scratch.ends)
        defer {
            scratch.masks = scanner.masks
            scratch.ends = ends
        }
        let count = segments.count
        ends.removeAll(keepingCapacity: true)
        ends.reserveCapacity(count)
        // Written in place (appending checked the array's capacity and uniqueness every segment).
        var all = [Features](unsafeUninitializedCapacity: count) { all, initialized in
            segments.withUnsafeBufferPointer { segments in
                for position in 0..<count {
                    var features = scanner.scan(bytes(position))
                    features.index = segments[position].index
                    features.count = count
                    (all.baseAddress! + position).initialize(to: features)
                    initialized = position + 1
                    ends.append(scanner.masks.count)
                }
            }
        }
        let masks = scanner.masks.buffer
        let language = guesser.guess(masks: scanner.masksForGuess)
        let selector = stopwords.selector(for: language)
        // In place (assigning element by element checked the array's uniqueness every segment).
        all.withUnsafeMutableBufferPointer { all in
            ends.withUnsafeBufferPointer { ends in
                var start = 0
                for index in all.indices {
                    let end = ends[index]
                    var count = 0
                    if selector == ~0 { count = end - start }   // every list: every held word counts
                    else { for i in start..<end where masks[i] & selector != 0 { count &+= 1 } }
                    all[index].stopwords = count
                    start = end
                }
            }
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
/// looked up as soon as the word ends, in word order. The walk over the bytes is C's
/// (`winnow_measure_scan`, in CMeasureKernel), where its state stays in registers: a word of
/// ASCII letters (with trailing punctuation) after a space, most words, is taken whole, its
/// first 16 bytes classified in one step (SSE2) and its key made from those two machine words;
/// the rest of a word that starts with ASCII letters and goes on otherwise, and other words,
/// go byte by byte (ASCII and two-byte scalars through tables, without branches),
/// their keys written into a small buffer. This type builds the tables, classifies the scalars
/// that need Unicode's properties, and reads the ending and the bullet. One scanner measures a
/// whole page: the masks of all its words that some list holds accumulate in `masks`.
struct TextScanner {
    /// The stopword index (nil: no masks are collected), kept alive for `words`.
    private let table: WordMaskTable?
    private var words: winnow_word_table
    private var classes: winnow_scalar_classes
    /// The language mask of each word scanned so far that some list holds (words in no list
    /// are only counted).
    private(set) var masks: MaskList
    /// How many of `masks` belong to the first `FeatureMeasurer.wordsForGuess` words (-1: not
    /// that many words yet), and how many words are left before.
    private var masksInGuessWords = -1
    private var guessWordsLeft = FeatureMeasurer.wordsForGuess

    /// `masks`: the list the masks go into, emptied (a new one by default).
    init(stopwords: StopwordLists?, masks: MaskList = MaskList()) {
        table = stopwords?.table
        self.masks = masks
        self.masks.removeAll()
        words = stopwords.map { $0.table.kernelTable(longestWord: $0.longestWordBytes) } ?? winnow_word_table()
        classes = winnow_scalar_classes(ascii: Self.asciiClasses, two_byte: Self.twoByteClasses,
                                        cached_kinds: Self.cachedKindTable, cached_limit: Self.cachedLimit,
                                        classify: { TextScanner.entry(of: $0) })
    }

    /// Frees the scanner's buffers (it is a value: whoever made it frees them, once).
    func deallocate() {
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
        /// Set by the scan, which writes into the reserved room.
        fileprivate(set) var count = 0
        private var capacity = 1024

        var buffer: UnsafeBufferPointer<UInt64> { UnsafeBufferPointer(start: base, count: count) }

        /// Room for `more` masks. (Inlined: the scan asks before every segment, and there
        /// mostly is room.)
        @inline(__always)
        mutating func reserve(_ more: Int) {
            guard count + more > capacity else { return }
            grow(more)
        }

        @inline(never)
        private mutating func grow(_ more: Int) {
            while count + more > capacity { capacity *= 2 }
            let larger = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
            larger.update(from: base, count: count)
            base.deallocate()
            base = larger
        }

        /// Forgets the masks, keeping the room.
        mutating func removeAll() { count = 0 }

        func deallocate() { base.deallocate() }
    }

    static let asciiClasses: UnsafePointer<winnow_ascii_class> = {
        let table = UnsafeMutablePointer<winnow_ascii_class>.allocate(capacity: 128)
        for v in 0..<128 {
            var c = winnow_ascii_class()
            let lower = (0x61...0x7A).contains(v), upper = (0x41...0x5A).contains(v), digit = (0x30...0x39).contains(v)
            if lower || upper { c.increments |= 1 }
            if upper { c.increments |= 1 << 16 }
            if digit { c.increments |= 1 << 32 }
            if isSeparatorMark(UInt32(v)) { c.increments |= 1 << 48 }
            c.lowered = UInt8(v) | (upper ? 0x20 : 0)
            c.upper = upper ? 1 : 0
            // Letters and digits are kept in a word's key; the apostrophe and the hyphen too, but
            // not first.
            let wordByte: UInt8 = lower || upper || digit ? 1 : 0, joiner: UInt8 = v == 0x27 || v == 0x2D ? 1 : 0
            c.kept = (wordByte, wordByte | joiner)
            c.space = v == 0x20 ? 1 : 0
            c.inert = c.increments == 0 && wordByte == 0 && joiner == 0 && c.space == 0 ? 1 : 0
            table[v] = c
        }
        return UnsafePointer(table)
    }()

    /// What each scalar of two UTF-8 bytes (U+0080...U+07FF: accented Latin, Greek, Cyrillic,
    /// Hebrew, Arabic) is, so that these go without branches like ASCII bytes: its counts, and
    /// what it adds to a word's key.
    static let twoByteClasses: UnsafePointer<winnow_two_byte_class> = {
        let table = UnsafeMutablePointer<winnow_two_byte_class>.allocate(capacity: 0x800)
        table.initialize(repeating: winnow_two_byte_class(), count: 0x80)   // not reached: valid UTF-8
        for v in UInt32(0x80)..<0x800 {
            var c = winnow_two_byte_class()
            var append: UInt32? = nil
            switch classify(v) {
            case .upper(let lower): c.increments = 1 | 1 << 16; c.upper = 1; append = lower
            case .lower: c.increments = 1; append = v
            case .digit: c.increments = 1 << 32; append = v
            case .cjk, .apostrophe: preconditionFailure("no such scalar of two bytes")
            case .other: break
            }
            if isSeparatorMark(v) { c.increments |= 1 << 48 }
            if let append, let scalar = Unicode.Scalar(append) {
                UTF8.encode(scalar) { byte in
                    c.key_bytes |= UInt32(byte) << UInt32(8 * c.key_length)
                    c.key_length += 1
                }
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

    /// The scalars counted as separators (the kernel has the same list).
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
        var counts = winnow_text_counts()
        if table != nil {
            masks.reserve(n / 2 + 1)   // a word and a space: at most one word in two bytes
            var sink = winnow_mask_sink(masks: masks.base, count: masks.count, guess_words_left: guessWordsLeft,
                                        masks_in_guess: masksInGuessWords)
            winnow_measure_scan(p, n, &classes, &words, &sink, &counts)
            masks.count = sink.count
            guessWordsLeft = sink.guess_words_left
            masksInGuessWords = sink.masks_in_guess
        } else {
            winnow_measure_scan(p, n, &classes, nil, nil, &counts)
        }
        f.chars = n - counts.continuation
        f.letters = counts.letters
        f.uppercase = counts.uppercase
        f.digits = counts.digits
        f.capitalisedWords = counts.capitalised
        f.separators = counts.separators
        f.words = counts.words
        // Scripts written without spaces: about two characters a word.
        if counts.cjk * 2 > counts.letters { f.words = max(counts.words, counts.cjk / 2) }
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

    /// A scalar as the kernel reads it: its kind (`winnow_kind_*`) in the low seven bits,
    /// `winnow_separator_mark` when it is one, the lower-case scalar of an upper-case letter
    /// from bit 8.
    static func entry(of v: UInt32) -> UInt32 {
        let separator = isSeparatorMark(v) ? UInt32(winnow_separator_mark) : 0
        switch classify(v) {
        case .other: return separator | UInt32(winnow_kind_other)
        case .lower: return separator | UInt32(winnow_kind_lower)
        case .upper(let lower): return separator | UInt32(winnow_kind_upper) | lower << 8
        case .cjk: return separator | UInt32(winnow_kind_cjk)
        case .digit: return separator | UInt32(winnow_kind_digit)
        case .apostrophe: return separator | UInt32(winnow_kind_apostrophe)
        }
    }

    /// `classify` of every scalar of three bytes below U+3000 (Indic scripts, punctuation,
    /// symbols), computed once, as `entry(of:)`. The kernel reads the smaller scalars in
    /// `asciiClasses` and `twoByteClasses`, so their entries here are left `other`.
    static var cachedLimit: UInt32 { 0x3000 }
    static let cachedKindTable: UnsafePointer<UInt32> = {
        let table = UnsafeMutablePointer<UInt32>.allocate(capacity: Int(cachedLimit))
        table.initialize(repeating: UInt32(winnow_kind_other), count: 0x800)
        for v in 0x800..<cachedLimit { table[Int(v)] = entry(of: v) }
        return UnsafePointer(table)
    }()

    /// Character class with fast paths for ASCII, Latin-1 and Cyrillic; the rest asks Unicode.
    /// (The kernel takes the CJK blocks itself.)
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
}

/// The ASCII letters a word starts with, up to 16, as the kernel's whole-word path reads them
/// (sixteen bytes in one step, or eight at a time on its portable path): how many there are,
/// how many are upper case, whether the first is, and their key (lower-cased, as two
/// zero-padded little-endian words, `WordMaskTable.key`).
typealias AsciiWord = winnow_ascii_word

extension AsciiWord {
    /// The word at `p`, of which `available` bytes may be read, by the scan's path or the
    /// portable one.
    init(_ p: UnsafePointer<UInt8>, available: Int, portable: Bool = false) {
        self = portable ? winnow_ascii_word_at_portable(p, available) : winnow_ascii_word_at(p, available)
    }
}
