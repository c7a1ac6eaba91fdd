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

    public func measure(_ segments: [Segment]) -> (features: [Features], language: String?) {
        var all: [Features] = []
        all.reserveCapacity(segments.count)
        var wordMasks: [[UInt64]] = []
        wordMasks.reserveCapacity(segments.count)
        var scanner = TextScanner(stopwords: stopwords)
        for segment in segments {
            var text = segment.text
            var features = text.withUTF8 { scanner.scan($0) }
            features.index = segment.index
            features.count = segments.count
            all.append(features)
            wordMasks.append(scanner.masks)
        }
        let language = guesser.guess(masks: wordMasks.lazy.joined().prefix(8000))
        let selector = stopwords.selector(for: language)
        for index in all.indices {
            all[index].stopwords = wordMasks[index].reduce(0) { $0 + ($1 & selector != 0 ? 1 : 0) }
        }
        return (all, language)
    }

    /// Counts that depend on the text alone (no page, no language); rule examples use these.
    public static func textFeatures(of text: String) -> Features {
        var scanner = TextScanner(stopwords: nil)
        var text = text
        return text.withUTF8 { scanner.scan($0) }
    }
}

/// One pass over a segment's UTF-8: character classes, words, capitalised words, separators,
/// the ending, and the stopword-list mask of each word (lower-cased, apostrophes unified).
struct TextScanner {
    let stopwords: StopwordLists?
    /// The language mask of each word of the last scanned text that some list holds.
    private(set) var masks: [UInt64] = []
    private var token: [UInt8] = []

    init(stopwords: StopwordLists?) {
        self.stopwords = stopwords
        token.reserveCapacity(64)
    }

    static let closers: Set<UInt32> = [0x22, 0x27, 0x201D, 0x2019, 0xBB, 0x29, 0x5D, 0x300D, 0x300F, 0x203A]
    static let sentenceEnds: Set<UInt32> = [0x2E, 0x21, 0x3F, 0x2026, 0x3002, 0xFF01, 0xFF1F, 0x061F, 0x0964]
    static let bullets: Set<UInt32> = [0x2022, 0xB7, 0x2D, 0x2013, 0x2014, 0x2A, 0x25BA, 0x25B6, 0x25B8, 0x203A, 0xBB, 0x2192, 0x2713, 0x25E6, 0x25AA, 0x25A0]
    static let separatorMarks: Set<UInt32> = [0x7C, 0x2022, 0xB7, 0xBB, 0x203A, 0x2F, 0x3E]

    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Features {
        var f = Features()
        masks.removeAll(keepingCapacity: true)
        token.removeAll(keepingCapacity: true)
        var wordStart = true
        var spaceTokens = 0
        var cjk = 0
        var lastScalar: UInt32 = 0
        var lastNonCloser: UInt32 = 0
        var firstScalar: UInt32 = 0
        var secondScalar: UInt32 = 0
        var i = 0
        let n = bytes.count
        while i < n {
            // Decode one scalar (the normaliser guarantees valid UTF-8).
            let b0 = UInt32(bytes[i])
            var v: UInt32
            if b0 < 0x80 { v = b0; i += 1 }
            else if b0 < 0xE0 { v = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F); i += 2 }
            else if b0 < 0xF0 { v = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F); i += 3 }
            else { v = (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F); i += 4 }
            f.chars += 1
            if f.chars == 1 { firstScalar = v } else if f.chars == 2 { secondScalar = v }
            lastScalar = v
            if !Self.closers.contains(v) { lastNonCloser = v }
            if v == 0x20 {
                endToken()
                wordStart = true
                continue
            }
            if Self.separatorMarks.contains(v) { f.separators += 1 }
            if wordStart { spaceTokens += 1 }
            let kind = Self.classify(v)
            switch kind {
            case .upper(let lower):
                f.letters += 1
                f.uppercase += 1
                if wordStart { f.capitalisedWords += 1 }
                appendToToken(lower)
            case .lower:
                f.letters += 1
                appendToToken(v)
            case .cjk:
                f.letters += 1
                cjk += 1
            case .digit:
                f.digits += 1
                appendToToken(v)
            case .apostrophe:
                if !token.isEmpty { appendToToken(0x27) }
            case .other:
                // Punctuation inside a word ends nothing (e.g. "e-mail"); at its edges it is trimmed.
                if !token.isEmpty && v == 0x2D { appendToToken(v) }
            }
            wordStart = false
        }
        endToken()
        f.words = spaceTokens
        // Scripts written without spaces: about two characters a word.
        if cjk * 2 > f.letters { f.words = max(spaceTokens, cjk / 2) }
        _ = lastScalar
        f.endsWithPunctuation = Self.sentenceEnds.contains(lastNonCloser)
        f.endsWithColon = lastNonCloser == 0x3A || lastNonCloser == 0xFF1A
        f.startsWithBullet = Self.bullets.contains(firstScalar) && secondScalar == 0x20
        return f
    }

    enum Kind { case upper(UInt32), lower, cjk, digit, apostrophe, other }

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

    @inline(__always)
    private mutating func appendToToken(_ v: UInt32) {
        guard stopwords != nil, token.count < 64 else { return }
        if v < 0x80 { token.append(UInt8(v)) } else if let scalar = Unicode.Scalar(v) { token.append(contentsOf: UTF8.encode(scalar)!) }
    }

    private mutating func endToken() {
        guard let stopwords else { return }
        // Trailing hyphens are edges, not part of the word.
        while token.last == 0x2D { token.removeLast() }
        if !token.isEmpty {
            var mask = token.withUnsafeBufferPointer { stopwords.mask(of: $0) }
            // Elisions: "l'homme" counts by its article "l'".
            if mask == 0, let apostrophe = token.firstIndex(of: 0x27), apostrophe < 4 {
                mask = token.withUnsafeBufferPointer { stopwords.mask(of: UnsafeBufferPointer(rebasing: $0[...apostrophe])) }
            }
            masks.append(mask)
        }
        token.removeAll(keepingCapacity: true)
    }
}
