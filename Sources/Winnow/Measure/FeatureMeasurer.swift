/// Measures every segment of a page: counts of characters, words, stopwords and the like,
/// and where the segment stands. Runs once per page, after the page's language is guessed.
public struct FeatureMeasurer: Sendable {
    public let stopwords: StopwordLists
    public let guesser: LanguageGuesser

    public init(stopwords: StopwordLists) {
        self.stopwords = stopwords
        self.guesser = LanguageGuesser(stopwords: stopwords)
    }

    public func measure(_ segments: [Segment]) -> (features: [Features], language: String?) {
        let tokenised = segments.map { Self.tokens(of: $0.text) }
        let language = guesser.guess(tokens: tokenised.lazy.flatMap { $0 }.prefix(4000).map { $0 })
        let list = stopwords.words(for: language)
        var all: [Features] = []
        all.reserveCapacity(segments.count)
        for (segment, tokens) in zip(segments, tokenised) {
            var features = Self.textFeatures(of: segment.text)
            features.words = max(tokens.count, features.words)
            features.stopwords = tokens.reduce(0) { $0 + (list.contains(String($1)) ? 1 : 0) }
            features.index = segment.index
            features.count = segments.count
            all.append(features)
        }
        return (all, language)
    }

    /// Lower-cased words with their surrounding punctuation removed, as stopword lists hold them.
    static func tokens(of text: String) -> [Substring] {
        let lowered = text.lowercased()
        var tokens: [Substring] = []
        for raw in lowered.split(whereSeparator: { $0 == " " }) {
            let trimmed = raw.drop(while: { !$0.isLetter && !$0.isNumber }).reversed().drop(while: { !$0.isLetter && !$0.isNumber && $0 != "'" && $0 != "’" })
            let word = Substring(String(trimmed.reversed()))
            if !word.isEmpty { tokens.append(word) }
        }
        return tokens
    }

    static let sentenceEnds: Set<Character> = [".", "!", "?", "…", "。", "！", "？", "؟", "।"]
    static let closers: Set<Character> = ["\"", "'", "”", "’", "»", ")", "]", "」", "』", "›"]
    static let bullets: Set<Character> = ["•", "·", "-", "–", "—", "*", "►", "▶", "▸", "›", "»", "→", "✓", "◦", "▪", "■"]
    static let separatorMarks: Set<Character> = ["|", "•", "·", "»", "›", "/", ">"]

    /// Counts that depend on the text alone (no page, no language).
    public static func textFeatures(of text: String) -> Features {
        var features = Features()
        var cjk = 0
        var wordStart = true
        var spaceTokens = 0
        for scalar in text.unicodeScalars {
            features.chars += 1
            let properties = scalar.properties
            if scalar == " " {
                wordStart = true
                continue
            }
            if wordStart { spaceTokens += 1 }
            if properties.isAlphabetic {
                features.letters += 1
                if properties.isUppercase {
                    features.uppercase += 1
                    if wordStart { features.capitalisedWords += 1 }
                }
                switch scalar.value {
                case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF: cjk += 1
                default: break
                }
            } else if properties.numericType != nil {
                features.digits += 1
            }
            wordStart = false
        }
        features.words = spaceTokens
        // Scripts written without spaces: about two characters a word.
        if cjk * 2 > features.letters { features.words = max(spaceTokens, cjk / 2) }
        var trimmed = Substring(text)
        while let last = trimmed.last, closers.contains(last) { trimmed = trimmed.dropLast() }
        if let last = trimmed.last {
            features.endsWithPunctuation = sentenceEnds.contains(last)
            features.endsWithColon = last == ":" || last == "："
        }
        if let first = text.first, bullets.contains(first), text.dropFirst().first == " " { features.startsWithBullet = true }
        for character in text where separatorMarks.contains(character) { features.separators += 1 }
        return features
    }
}
