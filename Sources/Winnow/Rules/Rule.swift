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
///
/// A value, but its fields live in one shared box (copied on write): verdicts hold the rule
/// that decided each segment, and a copy then costs one reference count, not one per field.
public struct Rule: Sendable {
    public var id: String { get { box.fields.id } set { unique().fields.id = newValue } }
    public var label: Label { get { box.fields.label } set { unique().fields.label = newValue } }
    public var description: String { get { box.fields.description } set { unique().fields.description = newValue } }
    public var patterns: [Pattern] { get { box.fields.patterns } set { unique().fields.patterns = newValue } }
    public var conditions: [Condition] { get { box.fields.conditions } set { unique().fields.conditions = newValue } }
    public var priority: Int { get { box.fields.priority } set { unique().fields.priority = newValue } }
    public var zone: ZoneBehaviour? { get { box.fields.zone } set { unique().fields.zone = newValue } }
    /// The line marks the end of the article (a tag list, a comments heading, a "Related"
    /// heading): prose after it is no longer the article's (`ArticleEnd`).
    public var endsArticle: Bool { get { box.fields.endsArticle } set { unique().fields.endsArticle = newValue } }
    /// The rule marks a line of the article's head (a byline): it decides nothing where it
    /// matches, but the article-head search takes its lines and anchors the head on them
    /// (`ArticleHead`). Elsewhere (a teaser's byline, a comment's) the line is left unclaimed.
    public var marksArticleHead: Bool { get { box.fields.marksArticleHead } set { unique().fields.marksArticleHead = newValue } }
    public var examples: [String] { get { box.fields.examples } set { unique().fields.examples = newValue } }
    public var counterexamples: [String] { get { box.fields.counterexamples } set { unique().fields.counterexamples = newValue } }
    public var origin: RuleOrigin { get { box.fields.origin } set { unique().fields.origin = newValue } }

    public init(id: String, label: Label, description: String, patterns: [Pattern], conditions: [Condition], priority: Int,
                zone: ZoneBehaviour?, endsArticle: Bool = false, marksArticleHead: Bool = false, examples: [String],
                counterexamples: [String], origin: RuleOrigin) {
        box = Box(Fields(id: id, label: label, description: description, patterns: patterns, conditions: conditions,
                         priority: priority, zone: zone, endsArticle: endsArticle, marksArticleHead: marksArticleHead,
                         examples: examples, counterexamples: counterexamples, origin: origin))
    }

    private var box: Box

    /// The box, made this value's own before a change.
    private mutating func unique() -> Box {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
        return box
    }

    private struct Fields {
        var id: String
        var label: Label
        var description: String
        var patterns: [Pattern]
        var conditions: [Condition]
        var priority: Int
        var zone: ZoneBehaviour?
        var endsArticle: Bool
        var marksArticleHead: Bool
        var examples: [String]
        var counterexamples: [String]
        var origin: RuleOrigin
    }

    private final class Box: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    /// True when the conditions that depend only on a segment's text hold (examples are judged by these).
    public func textConditionsHold(_ features: Features) -> Bool {
        conditions.allSatisfy { $0.feature.isPositional || $0.holds(for: features) }
    }

    public func conditionsHold(_ features: Features) -> Bool {
        conditions.allHold(for: features)
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
