import WinnowPCRE2

/// Where a rule was written, so every error and every decision can point back to it.
public struct RuleOrigin: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var description: String { "\(file):\(line)" }
}

/// How a heading rule labels the block it opens ("Latest Stories" opens a block of teasers).
public struct ZoneBehaviour: Sendable, Equatable {
    /// The label given to the block's segments (the rule's own label unless set).
    public var label: Label
    /// The block ends after this many segments at most.
    public var maxSegments: Int
    /// The block ends at the first segment that reads as prose (a long, body-like line).
    public var endsAtProse: Bool
    /// The block ends at the first segment with more words than this (tag lists hold short names).
    public var maxItemWords: Int? = nil
    /// The block ends at a menu-like line: at most this many words, no digits (teaser lists hold
    /// headlines and times, not one-word links).
    public var endsAtShort: Int? = nil
    /// Every item must appear again further down the page (a table of contents lists the
    /// page's own headings); the block ends at the first line that does not.
    public var itemsRepeatBelow = false
}

/// One classification rule: PCRE2 patterns, feature conditions, a label and a priority,
/// with the examples that must trigger it and the counterexamples that must not.
public struct Rule: Sendable {
    public var id: String
    public var label: Label
    public var description: String
    public var patterns: [Pattern]
    public var conditions: [Condition]
    public var priority: Int
    public var zone: ZoneBehaviour?
    /// The line marks the end of the article (a tag list, a comments heading, a "Related"
    /// heading): prose after it is no longer the article's (`ArticleEnd`).
    public var endsArticle = false
    /// The rule marks a line of the article's head (a byline): it decides nothing where it
    /// matches, but the article-head search takes its lines and anchors the head on them
    /// (`ArticleHead`). Elsewhere (a teaser's byline, a comment's) the line is left unclaimed.
    public var marksArticleHead = false
    public var examples: [String]
    public var counterexamples: [String]
    public var origin: RuleOrigin

    /// True when the conditions that depend only on a segment's text hold (examples are judged by these).
    public func textConditionsHold(_ features: Features) -> Bool {
        conditions.allSatisfy { $0.feature.isPositional || $0.holds(for: features) }
    }

    public func conditionsHold(_ features: Features) -> Bool {
        conditions.allSatisfy { $0.holds(for: features) }
    }

    /// Whether any pattern matches the text. A match a limit ended counts as no match and is reported.
    public func matches(_ text: UnsafeBufferPointer<UInt8>, scratch: MatchScratch) throws -> Bool {
        for pattern in patterns where try pattern.firstMatch(in: text, scratch: scratch) != nil { return true }
        return false
    }

    /// Whether the rule fires on a lone segment with this text (examples and counterexamples).
    public func fires(onText text: String, scratch: MatchScratch) throws -> Bool {
        guard textConditionsHold(FeatureMeasurer.textFeatures(of: text)) else { return false }
        var text = text
        return try text.withUTF8 { try matches($0, scratch: scratch) }
    }
}
