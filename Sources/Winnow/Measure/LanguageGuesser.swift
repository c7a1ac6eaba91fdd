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
    /// A word shared by several lists counts for each in proportion: the language with the
    /// largest sum of 1/n over its words (n the number of lists a word is in), as `sum` adds
    /// them in Doubles. Decided by `count` when it can, else by `sum`.
    public func guess(masks: some Collection<UInt64>) -> String? {
        switch count(masks) {
        case .decided(let language): return language
        case .tooClose: return sum(masks)
        }
    }

    /// What exact counting makes of a page: a guess, or a choice too close to call without the
    /// Doubles of `sum` (the sums' rounding could decide it).
    enum Counted: Equatable { case decided(String?), tooClose }

    /// lcm(1...32): each word counts `scale / n` to each of its n lists, an exact integer, so
    /// the sums do not depend on the order of the words. (Masks of more bits go to `sum`.)
    private static var scale: Int { 144_403_552_893_600 }

    /// The guess from exact sums: each distinct mask's words counted (`MaskTally`), then
    /// `scale / n` times that count added for each of its n lists. `sum`'s Doubles are within
    /// `bound` of these exact sums, so a best language ahead of every other by more than twice
    /// that, and a best sum farther than that from a quarter of the words, are `sum`'s too;
    /// anything closer (ties are) is left to `sum`.
    func count(_ masks: some Collection<UInt64>) -> Counted {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 64) { sums in
            sums.initialize(repeating: 0)
            defer { sums.deinitialize() }
            var total = 0
            let tallied = MaskTally.counting(masks) { tally in
                total = tally.total
                guard total >= minimumHits else { return true }
                for (mask, count) in tally.entries {
                    let bits = mask.nonzeroBitCount
                    guard bits <= 32 else { return false }
                    var rest = mask, weight = count &* (Self.scale / bits)
                    while rest != 0 {
                        sums[rest.trailingZeroBitCount] &+= weight
                        rest &= rest &- 1
                    }
                }
                return true
            }
            // Too many distinct masks for the tally, or words enough to overflow the sums.
            guard tallied, total <= 50_000 else { return .tooClose }
            guard total >= minimumHits else { return .decided(nil) }
            let languages = stopwords.codes.count
            guard languages > 0 else { return .decided(nil) }
            var best = 0, runnerUp = Int.min
            for language in 1..<languages {
                if sums[language] > sums[best] { runnerUp = sums[best]; best = language }
                else if sums[language] > runnerUp { runnerUp = sums[language] }
            }
            // |Double sum - exact sum| <= (words + 1) * words * 2^-53 (words' weights rounded,
            // then each addition): doubled here, in units of 1 / scale.
            let bound = Int((Double(total) * Double(total + 2) * 0x1p-52 * Double(Self.scale)).rounded(.up)) &+ 1
            let quarter = total * (Self.scale / 4)
            guard runnerUp == Int.min || sums[best] - runnerUp > 2 * bound,
                  abs(sums[best] - quarter) > bound else { return .tooClose }
            return .decided(sums[best] >= quarter ? stopwords.codes[best] : nil)
        }
    }

    /// The guess from the sums of Double weights, added in the order of the masks.
    func sum(_ masks: some Sequence<UInt64>) -> String? {
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
