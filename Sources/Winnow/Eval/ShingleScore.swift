/// Text-level scoring against a gold article: the cleaned text and the gold text are cut into
/// overlapping runs of four tokens (shingles), and precision, recall and F1 are computed over
/// the two bags of shingles. Unlike per-segment scores, this works for any gold text, however
/// it was made (hand-cleaned articles, another extractor's output).
///
/// Tokens are whitespace-separated and lower-cased; a text shorter than four tokens is one
/// shingle. Shingles are counted as a multiset, so a paragraph kept twice is not a free match.
public struct ShingleScorer: Sendable {
    public var size: Int

    public init(size: Int = 4) { self.size = max(1, size) }

    /// The shingle bag of a text.
    public func shingles(_ text: String) -> [String: Int] {
        let tokens = text.lowercased().split(whereSeparator: { $0.isWhitespace })
        var bag: [String: Int] = [:]
        guard !tokens.isEmpty else { return bag }
        if tokens.count < size {
            bag[tokens.joined(separator: " "), default: 0] += 1
            return bag
        }
        for start in 0...(tokens.count - size) {
            bag[tokens[start..<(start + size)].joined(separator: " "), default: 0] += 1
        }
        return bag
    }

    /// The counts behind precision and recall of `predicted` against `gold`.
    public func score(predicted: String, gold: String) -> ShingleCounts {
        let p = shingles(predicted), g = shingles(gold)
        var matched = 0
        for (shingle, count) in p { matched += min(count, g[shingle] ?? 0) }
        return ShingleCounts(matched: matched, predicted: p.values.reduce(0, +), gold: g.values.reduce(0, +))
    }
}

/// Shingle counts of one page, or pooled over many (add them up: the figures are then micro-averaged).
public struct ShingleCounts: Sendable, Equatable {
    /// Shingles of the prediction also in the gold text (each counted at most as often as in the gold).
    public var matched = 0
    public var predicted = 0
    public var gold = 0

    public init(matched: Int = 0, predicted: Int = 0, gold: Int = 0) {
        self.matched = matched
        self.predicted = predicted
        self.gold = gold
    }

    public static func + (a: ShingleCounts, b: ShingleCounts) -> ShingleCounts {
        ShingleCounts(matched: a.matched + b.matched, predicted: a.predicted + b.predicted, gold: a.gold + b.gold)
    }

    public static func += (a: inout ShingleCounts, b: ShingleCounts) { a = a + b }

    /// Share of the kept text that is in the gold article; 1 when nothing was kept.
    public var precision: Double { predicted == 0 ? 1 : Double(matched) / Double(predicted) }
    /// Share of the gold article that was kept; 1 when the gold article is empty.
    public var recall: Double { gold == 0 ? 1 : Double(matched) / Double(gold) }
    /// Harmonic mean of precision and recall; 1 when both texts are empty, 0 when only one is.
    public var f1: Double {
        if predicted == 0 && gold == 0 { return 1 }
        let p = precision, r = recall
        return matched == 0 || p + r == 0 ? 0 : 2 * p * r / (p + r)
    }
}
