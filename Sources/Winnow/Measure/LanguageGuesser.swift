/// Guesses a page's language from which stopword list its words hit most. Pages too short or
/// in a language with no list get no guess, and the measure stage falls back to every list.
public struct LanguageGuesser: Sendable {
    public let stopwords: StopwordLists
    /// Fewest stopword hits before a guess is made.
    public var minimumHits = 8

    public init(stopwords: StopwordLists) { self.stopwords = stopwords }

    /// 1/n for the number of lists a word is in (the same values as dividing each time).
    private static let reciprocals: [Double] = (0...64).map { 1.0 / Double($0) }

    /// The language whose list the page's tokens hit most, from each token's language mask.
    /// A word shared by several lists counts for each in proportion.
    public func guess(masks: some Sequence<UInt64>) -> String? {
        var hits = [Double](repeating: 0, count: stopwords.codes.count)
        var total = 0
        // The static array read once, not once a mask (each read checks its initialisation).
        let reciprocals = Self.reciprocals
        hits.withUnsafeMutableBufferPointer { hits in
            reciprocals.withUnsafeBufferPointer { reciprocals in
                for mask in masks where mask != 0 {
                    total += 1
                    let weight = reciprocals[mask.nonzeroBitCount]
                    var bits = mask
                    while bits != 0 {
                        let bit = bits.trailingZeroBitCount
                        if bit < hits.count { hits[bit] += weight }
                        bits &= bits - 1
                    }
                }
            }
        }
        guard total >= minimumHits, let best = hits.indices.max(by: { hits[$0] < hits[$1] }),
              hits[best] >= Double(total) * 0.25 else { return nil }
        return stopwords.codes[best]
    }
}
