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
    public var id: String { get { storage.id } set { unique().id = newValue } }
    public var label: Label { get { storage.label } set { unique().label = newValue } }
    public var description: String { get { storage.description } set { unique().description = newValue } }
    public var patterns: [Pattern] { get { storage.patterns } set { unique().patterns = newValue } }
    public var conditions: [Condition] { get { storage.conditions } set { unique().conditions = newValue } }
    public var priority: Int { get { storage.priority } set { unique().priority = newValue } }
    public var zone: ZoneBehaviour? { get { storage.zone } set { unique().zone = newValue } }
    /// The line marks the end of the article (a tag list, a comments heading, a "Related"
    /// heading): prose after it is no longer the article's (`ArticleEnd`).
    public var endsArticle: Bool { get { storage.endsArticle } set { unique().endsArticle = newValue } }
    /// The rule marks a line of the article's head (a byline): it decides nothing where it
    /// matches, but the article-head search takes its lines and anchors the head on them
    /// (`ArticleHead`). Elsewhere (a teaser's byline, a comment's) the line is left unclaimed.
    public var marksArticleHead: Bool { get { storage.marksArticleHead } set { unique().marksArticleHead = newValue } }
    public var examples: [String] { get { storage.examples } set { unique().examples = newValue } }
    public var counterexamples: [String] { get { storage.counterexamples } set { unique().counterexamples = newValue } }
    public var origin: RuleOrigin { get { storage.origin } set { unique().origin = newValue } }

    public init(id: String, label: Label, description: String, patterns: [Pattern], conditions: [Condition], priority: Int,
                zone: ZoneBehaviour?, endsArticle: Bool = false, marksArticleHead: Bool = false, examples: [String],
                counterexamples: [String], origin: RuleOrigin) {
        storage = Storage(id: id, label: label, description: description, patterns: patterns, conditions: conditions,
                          priority: priority, zone: zone, endsArticle: endsArticle, marksArticleHead: marksArticleHead,
                          examples: examples, counterexamples: counterexamples, origin: origin)
    }

    private var storage: Storage

    /// The box, made this value's own before a change.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    private final class Storage: @unchecked Sendable {
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

        init(id: String, label: Label, description: String, patterns: [Pattern], conditions: [Condition], priority: Int,
             zone: ZoneBehaviour?, endsArticle: Bool, marksArticleHead: Bool, examples: [String], counterexamples: [String],
             origin: RuleOrigin) {
            self.id = id
            self.label = label
            self.description = description
            self.patterns = patterns
            self.conditions = conditions
            self.priority = priority
            self.zone = zone
            self.endsArticle = endsArticle
            self.marksArticleHead = marksArticleHead
            self.examples = examples
            self.counterexamples = counterexamples
            self.origin = origin
        }

        func copy() -> Storage {
            Storage(id: id, label: label, description: description, patterns: patterns, conditions: conditions, priority: priority,
                    zone: zone, endsArticle: endsArticle, marksArticleHead: marksArticleHead, examples: examples,
                    counterexamples: counterexamples, origin: origin)
        }
    }

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
