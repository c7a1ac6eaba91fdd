import WinnowPCRE2

/// Runs one document through every stage: normalise → segment → measure → classify → context
/// → moderate (only when the rules hold moderation rules).
/// (Reading happens before, writing after: both depend on where documents come from and go.)
/// A `Pipeline` owns PCRE2 scratch space, so each thread uses its own; the rule set is shared.
public final class Pipeline {
    public let rules: RuleSet
    let normaliser = Normaliser()
    let segmenter = LineSegmenter()
    let measurer: FeatureMeasurer
    let measurerScratch = FeatureMeasurer.Scratch()
    let classifier: RuleClassifier
    let scorer = BodyScorer()
    let resolver: ContextResolver
    let resolverScratch = ContextResolver.Scratch()
    /// The moderation stage, when the rule set has document or segment action rules.
    public let moderator: Moderator?

    /// `keep`: the labels of the cleaned article, which moderation measures and redacts.
    public init(rules: RuleSet, stopwords: StopwordLists = .embedded, limits: MatchLimits = .default, keep: Set<Label> = [.body]) {
        self.rules = rules
        measurer = FeatureMeasurer(stopwords: stopwords)
        classifier = RuleClassifier(rules: rules, limits: limits)
        resolver = ContextResolver(settings: rules.context, rules: rules.rules)
        moderator = rules.moderation.isEmpty ? nil : Moderator(rules: rules.moderation, keep: keep, limits: limits)
    }

    /// Classifies a document. Never fails: bad bytes are repaired by the normaliser and
    /// runaway matches end by their limit (and are listed in `matchLimitHits`).
    public func run(_ document: RawDocument) -> ClassifiedPage {
        var allHits: [[Int]] = []
        return run(document, collectAllHits: false, allHits: &allHits).page
    }

    /// As `run`, also returning every rule that fired on each segment (for `explain`).
    public func run(_ document: RawDocument, collectAllHits: Bool) -> (page: ClassifiedPage, verdicts: [RuleVerdict]) {
        var allHits: [[Int]] = []
        let (page, winners) = run(document, collectAllHits: collectAllHits, allHits: &allHits)
        return (page, RuleVerdict.of(winners: winners, allHits: allHits))
    }

    /// The page and each segment's winning rule (-1 for none); with `collectAllHits`, every rule
    /// that fired on each segment into `allHits`. The verdicts are made only for `explain`.
    private func run(_ document: RawDocument, collectAllHits: Bool, allHits: inout [[Int]]) -> (page: ClassifiedPage, winners: [Int]) {
        let page = normaliser.normalise(document.bytes)
        // Spans, with the page's bytes beside them: no segment holds the page (see `SegmentSpan`).
        let segments = PageSegments(spans: segmenter.spans(of: page), page: page)
        let (features, language) = measurer.measure(segments, scratch: measurerScratch)
        let scores = scorer.scores(features)
        var limitHits: [String] = []
        let winners = classifier.winners(segments: segments, features: features, collectAll: collectAllHits, allHits: &allHits,
                                         limitHits: &limitHits)
        let decisions = resolver.resolve(segments: segments, winners: winners, features: features, scores: scores, scratch: resolverScratch)
        var gold: [Label]?
        if let labels = document.goldLabels {
            let aligned = segments.spans.compactMap { $0.line <= labels.count ? labels[$0.line - 1] : nil }
            gold = aligned.count == segments.count ? aligned : nil
        }
        let moderation = moderator?.moderate(segments: segments, features: features, labels: decisions.lazy.map(\.label),
                                             language: language, limitHits: &limitHits)
        let classified = ClassifiedPage(id: document.id, source: document.source, page: page, language: language,
                                        spans: segments.spans, features: features, scores: scores, codes: decisions, names: resolver.names,
                                        gold: gold, matchLimitHits: limitHits, moderation: moderation)
        return (classified, winners)
    }
}
