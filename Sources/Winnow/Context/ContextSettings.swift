/// The context stage's tunables. Every one can be set from a rule pack's `context:` section,
/// so users tune the structure detection of their sites the same way they tune patterns.
public struct ContextSettings: Sendable, Equatable {
    /// Score at or above which an unclaimed segment counts as body-like when finding the main region.
    public var bodyThreshold = 0.5
    /// Inside the main region, unclaimed segments scoring at least this are body (subheadings, short lines).
    public var regionKeepThreshold = 0.2
    /// Outside the main region, an unclaimed segment stays body only when it scores at least this...
    public var outsideKeepThreshold = 0.8
    /// ...and has at least this many words.
    public var outsideMinimumWords = 25
    /// A second run of prose is also kept when its weight is at least this share of the main region's.
    public var secondaryRegionShare = 0.35
    /// Zones end at a prose segment of at least this many words.
    public var zoneProseWords = 18
    /// Relabel a lone unclaimed segment standing between two segments of one boilerplate label.
    public var smoothing = true
    /// How strongly a weak unclaimed line counts against the main region (1 = by its score alone).
    /// Below 1, short lines inside an article (list items, subheadings) no longer split it.
    public var weakLineWeight = 0.5
    /// How strongly a segment claimed as furniture (by a rule or zone) counts against the main
    /// region: the more negative, the more surely a share bar or a "Related" heading splits the
    /// article from prose that follows it (author boxes, teaser blurbs).
    public var claimedWeight = -1.5
    /// Unclaimed segments between two runs of the article (an ingredient list between the
    /// introduction and the method) belong to it.
    public var fillGaps = true
    /// How many segments above the main region may belong to the article's head (headline,
    /// standfirst, byline, date); 0 turns the head search off.
    public var headSegments = 8
    /// How many unclaimed segments after the main region may form the article's tail (fact
    /// boxes, lists, contacts) when claimed furniture closes them; 0 turns the tail off.
    public var tailSegments = 15
    /// A line of a rule marked `ends_article` (tags, a comments heading, "Related") ends the
    /// article once at least this share of the kept words stands above it: the prose below it
    /// (comments, author boxes, teaser blurbs) is furniture. 0 turns the cut off.
    public var articleEndShare = 0.5

    public init() {}

    /// The names used in rule files, with a setter for each.
    static let keys: [String: WritableKeyPath<ContextSettings, Double>] = [
        "body_threshold": \.bodyThreshold,
        "region_keep_threshold": \.regionKeepThreshold,
        "outside_keep_threshold": \.outsideKeepThreshold,
        "secondary_region_share": \.secondaryRegionShare,
        "weak_line_weight": \.weakLineWeight,
        "claimed_weight": \.claimedWeight,
        "article_end_share": \.articleEndShare,
    ]
    static let integerKeys: [String: WritableKeyPath<ContextSettings, Int>] = [
        "outside_minimum_words": \.outsideMinimumWords,
        "zone_prose_words": \.zoneProseWords,
        "head_segments": \.headSegments,
        "tail_segments": \.tailSegments,
    ]
    static let booleanKeys: [String: WritableKeyPath<ContextSettings, Bool>] = [
        "smoothing": \.smoothing,
        "fill_gaps": \.fillGaps,
    ]
}
