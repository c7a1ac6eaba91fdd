/// Guesses a page's language from which stopword list its words hit most. Pages too short or
/// in a language with no list get no guess, and the measure stage falls back to every list.
public struct LanguageGuesser: Sendable {
    public let stopwords: StopwordLists
    /// Fewest stopword hits before a guess is made.
    public var minimumHits = 8

    public init(stopwords: StopwordLists) { self.stopwords = stopwords }

    public func guess(tokens: [Substring]) -> String? {
        var hits: [String: Double] = [:]
        var total = 0
        for token in tokens {
            guard let languages = stopwords.languagesByWord[String(token)] else { continue }
            total += 1
            // A word shared by several lists says less about each.
            let weight = 1.0 / Double(languages.count)
            for code in languages { hits[code, default: 0] += weight }
        }
        guard total >= minimumHits,
              let best = hits.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }),
              best.value >= Double(total) * 0.25 else { return nil }
        return best.key
    }
}
