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
        // One sum a bit of the mask, and three past them (65...67) where the steps for bits a
        // mask does not have add their weight: a slot of each step's own, so that those
        // additions do not wait on each other (one slot made a chain of up to three a mask).
        // On the stack (an array was an allocation and a free for every page).
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 68) { hits in
            hits.initialize(repeating: 0)
            defer { hits.deinitialize() }
            var total = 0
            // The static array read once, not once a mask (each read checks its initialisation).
            let reciprocals = Self.reciprocals
            reciprocals.withUnsafeBufferPointer { reciprocals in
                for mask in masks where mask != 0 {
                    total &+= 1
                    // The mask less its lowest one, two and three bits, and what is left after
                    // four. Most words are in at most four lists, and their count of bits comes
                    // from these (baseline x86-64 has no `popcnt`: counting bits took a third
                    // of the loop).
                    let second = mask & (mask &- 1), third = second & (second &- 1), fourth = third & (third &- 1)
                    var rest = fourth & (fourth &- 1)
                    let count = rest == 0 ? 1 &+ (second != 0 ? 1 : 0) &+ (third != 0 ? 1 : 0) &+ (fourth != 0 ? 1 : 0)
                                          : 4 &+ rest.nonzeroBitCount
                    let weight = reciprocals[count]
                    // The first four bits in four steps, whatever the mask has, without a
                    // branch on how many bits it has; the rest one by one. Each sum still adds
                    // its weights in the order of the masks, so the sums are the same.
                    hits[mask.trailingZeroBitCount] += weight
                    hits[second == 0 ? 65 : second.trailingZeroBitCount] += weight
                    hits[third == 0 ? 66 : third.trailingZeroBitCount] += weight
                    hits[fourth == 0 ? 67 : fourth.trailingZeroBitCount] += weight
                    while rest != 0 {
                        hits[rest.trailingZeroBitCount] += weight
                        rest &= rest &- 1
                    }
                }
            }
            guard total >= minimumHits, let best = stopwords.codes.indices.max(by: { hits[$0] < hits[$1] }),
                  hits[best] >= Double(total) * 0.25 else { return nil }
            return stopwords.codes[best]
        }
    }
}
