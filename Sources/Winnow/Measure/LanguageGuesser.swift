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
        // One sum a bit of the mask, and four past them (64 + step) where the steps for bits a
        // mask does not have add their weight: a slot of each step's own, so that those
        // additions do not wait on each other (one slot made a chain of up to three a mask).
        var hits = [Double](repeating: 0, count: 68)
        var total = 0
        // The static array read once, not once a mask (each read checks its initialisation).
        let reciprocals = Self.reciprocals
        hits.withUnsafeMutableBufferPointer { hits in
            reciprocals.withUnsafeBufferPointer { reciprocals in
                for mask in masks where mask != 0 {
                    total += 1
                    let weight = reciprocals[mask.nonzeroBitCount]
                    // The first four bits in four steps, whatever the mask has (most words are
                    // in at most four lists), without a branch on how many bits it has; the
                    // rest one by one. Each sum still adds its weights in the order of the
                    // masks, so the sums are the same.
                    var bits = mask
                    for step in 0..<4 {
                        hits[bits == 0 ? 64 + step : bits.trailingZeroBitCount] += weight
                        bits &= bits &- 1
                    }
                    while bits != 0 {
                        hits[bits.trailingZeroBitCount] += weight
                        bits &= bits &- 1
                    }
                }
            }
        }
        guard total >= minimumHits, let best = stopwords.codes.indices.max(by: { hits[$0] < hits[$1] }),
              hits[best] >= Double(total) * 0.25 else { return nil }
        return stopwords.codes[best]
    }
}
