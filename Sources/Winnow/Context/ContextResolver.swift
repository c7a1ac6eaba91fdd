/// The context stage: turns rule verdicts and body scores into one decision per segment,
/// using where each segment stands. General mechanisms, each tunable by a pack's `context:`:
///  1. zones: a heading rule (`zone:`) labels the block it opens (`ZoneMarker`);
///  2. main region: the densest run of body-like segments is the article (`MainRegionFinder`);
///     unclaimed segments inside it are body, outside it boilerplate unless substantial prose;
///  3. article head and tail: headline, standfirst, byline and date just above the region
///     (`ArticleHead`); fact boxes and lists between its end and the furniture (`ArticleTail`);
///  4. article end: below a line marked `ends_article` (tags, comments, "Related") that follows
///     most of the article, scorer-kept prose is furniture (`ArticleEnd`);
///  5. boilerplate kind: unclaimed boilerplate after the article that reads like headlines is
///     `teasers`, the rest `navigation` (the guide's catch-all);
///  6. smoothing: a lone unclaimed segment between two segments of one boilerplate label takes
///     it, and a stamp (date, time, price, separator) takes the label of the block it stands in.
public struct ContextResolver: Sendable {
    public var settings: ContextSettings
    /// The rules the verdicts name by position (`RuleSet.rules`), and the claim of each.
    let rules: [Rule]
    private let ruleClaims: [Claim]
    /// The zone each rule opens, side by side: read for every zone (each rule's fields are a box
    /// of their own elsewhere in memory).
    private let ruleZones: [ZoneBehaviour?]
    /// The rules' ids and the stage's reasons, which the decisions it makes name by number.
    let names: DecisionNames

    public init(settings: ContextSettings, rules: [Rule]) {
        self.settings = settings
        self.rules = rules
        ruleClaims = rules.map(Claim.init)
        ruleZones = rules.map(\.zone)
        names = DecisionNames(ruleIDs: rules.map(\.id), reasons: Reason.all)
    }

    public func resolve(segments: [Segment], verdicts: [RuleVerdict], features: [Features], scores: [Double]) -> [Decision] {
        resolve(segments: PageSegments(segments), winners: verdicts.map { $0.winner ?? -1 }, features: features, scores: scores).map(names.decision)
    }

    /// The reasons of the stage's own decisions, by number (`DecisionCode.number`): the scorer's
    /// (each case's raw value), then the smoothing reasons for each label (by `ordinal`),
    /// between two and stamp in.
    private enum Reason: Int, CaseIterable {
        case articleHead, articleTail, mainRegion, weakLine, proseOutside, afterRegion, beforeRegion, afterArticleEnd

        var number: Int { rawValue }

        var text: String {
            switch self {
            case .articleHead: return "article head"
            case .articleTail: return "article tail"
            case .mainRegion: return "main region"
            case .weakLine: return "weak line in main region"
            case .proseOutside: return "prose outside main region"
            case .afterRegion: return "after main region"
            case .beforeRegion: return "before main region"
            case .afterArticleEnd: return "after the article's end"
            }
        }

        /// The numbers of the smoothing reasons start after the scorer's.
        private static let scorerCount = allCases.count

        static func between(_ label: Label) -> Int { scorerCount + label.ordinal }
        static func stamp(_ label: Label) -> Int { scorerCount + Label.allCases.count + label.ordinal }

        static var all: [String] {
            allCases.map(\.text) + Label.allCases.map { "between two \($0.rawValue)" } + Label.allCases.map { "stamp in \($0.rawValue)" }
        }
    }

    /// The stage's per-segment arrays, kept from page to page by one thread's pipeline: each page
    /// refills them in the storage the last one left (five arrays made and freed a page cost
    /// more than filling them).
    final class Scratch {
        fileprivate var headMarks: [Bool] = []
        fileprivate var claims: [Claim?] = []
        fileprivate var weights: [Double] = []
        fileprivate var places: [UInt8] = []
        fileprivate var zones: [ZoneMark?] = []

        init() {}

        /// The array kept in `storage` (left empty), made `count` elements of `value`: cut or
        /// lengthened to `count` (appending element by element only past the longest page so
        /// far), then overwritten at once.
        fileprivate static func refill<T>(_ storage: inout [T], count: Int, with value: T) -> [T] {
            var array: [T] = []
            swap(&array, &storage)
            if array.count > count {
                array.removeLast(array.count - count)
            } else if array.count < count {
                array.append(contentsOf: repeatElement(value, count: count - array.count))
            }
            array.withUnsafeMutableBufferPointer { $0.update(repeating: value) }
            return array
        }
    }

    /// `resolve` with each segment's winning rule as a number (-1 for none), as the classifier
    /// hands them to the pipeline; `scratch` (one thread's) lends the per-segment arrays.
    func resolve(segments: PageSegments, winners: [Int], features: [Features], scores: [Double], scratch: Scratch = Scratch()) -> [DecisionCode] {
        let count = winners.count
        // Head marks (bylines) decide nothing by themselves: their lines are unclaimed for every
        // mechanism but the article head, which anchors on them.
        // The per-segment arrays are written in place (appending or assigning element by element
        // checked capacity and uniqueness on every segment).
        var headMarks = Scratch.refill(&scratch.headMarks, count: count, with: false)
        var claims = Scratch.refill(&scratch.claims, count: count, with: nil)
        var weights = Scratch.refill(&scratch.weights, count: count, with: 0)
        // Where each segment stands (`Place` bits): one array for the three marks.
        var places = Scratch.refill(&scratch.places, count: count, with: 0)
        var zones = Scratch.refill(&scratch.zones, count: count, with: nil)
        defer {
            scratch.headMarks = headMarks
            scratch.claims = claims
            scratch.weights = weights
            scratch.places = places
            scratch.zones = zones
        }
        headMarks.withUnsafeMutableBufferPointer { headMarks in
            claims.withUnsafeMutableBufferPointer { claims in
                for index in 0..<count {
                    let winner = winners[index]
                    guard winner >= 0 else { continue }
                    let ruleClaim = ruleClaims[winner]
                    headMarks[index] = ruleClaim.marksArticleHead
                    claims[index] = ruleClaim.marksArticleHead ? nil : ruleClaim
                }
            }
        }
        ZoneMarker(settings: settings, ruleZones: ruleZones).mark(&zones, segments: segments, winners: winners, claims: claims, features: features, scores: scores)

        // Body weight: rule and zone decisions count fully for or against; unclaimed segments by
        // their score, weighted by length so one paragraph outweighs a run of short menu lines.
        let lengthWeights = Self.lengthWeights
        weights.withUnsafeMutableBufferPointer { weights in
            for index in 0..<count {
                let weight: Double
                if let label = claims[index]?.label {
                    weight = label == .body ? 1 : settings.claimedWeight
                } else if let zone = zones[index] {
                    weight = zone.label == .body ? 1 : settings.claimedWeight
                } else {
                    let margin = scores[index] - settings.bodyThreshold
                    weight = margin * lengthWeights[min(features[index].words, 100)] * (margin < 0 ? settings.weakLineWeight : 1)
                }
                weights[index] = weight
            }
        }
        let regions = MainRegionFinder(secondaryShare: settings.secondaryRegionShare).regions(weights: weights)
        for region in regions { for index in region { places[index] |= Place.region } }
        if settings.fillGaps, let first = regions.first, let last = regions.last {
            for index in first.lowerBound...last.upperBound { places[index] |= Place.region }
        }
        if let first = regions.first {
            let head = ArticleHead(settings: settings).head(above: first.lowerBound, segments: segments, claims: claims,
                                                            zoned: zones, features: features, marks: headMarks)
            for index in head { places[index] |= Place.head }
        }
        if let last = regions.last {
            for index in ArticleTail(settings: settings).tail(after: last.upperBound, segments: segments, claims: claims, zoned: zones, features: features) { places[index] |= Place.tail }
        }
        let articleEnd = regions.last?.upperBound ?? -1

        // The decision of each segment, written in place.
        func decision(_ index: Int) -> DecisionCode {
            let score = scores[index], f = features[index]
            let fallback = fallbackLabel(f, afterArticle: index > articleEnd)
            if let claim = claims[index] {
                let runnerUp: Label = claim.label == .body ? fallback : (places[index] & Place.region != 0 || score >= settings.bodyThreshold ? .body : fallback)
                return DecisionCode(label: claim.label, maker: .rule, number: winners[index], runnerUp: runnerUp == claim.label ? nil : runnerUp)
            } else if let zone = zones[index] {
                return DecisionCode(label: zone.label, maker: .zone, number: winners[zone.opener], runnerUp: .body)
            } else if places[index] & Place.head != 0 {
                return DecisionCode(label: .body, maker: .scorer, number: Reason.articleHead.number, runnerUp: fallback)
            } else if places[index] & Place.tail != 0 {
                return DecisionCode(label: .body, maker: .scorer, number: Reason.articleTail.number, runnerUp: fallback)
            } else if places[index] & Place.region != 0 {
                if score >= settings.regionKeepThreshold {
                    return DecisionCode(label: .body, maker: .scorer, number: Reason.mainRegion.number, runnerUp: fallback)
                } else {
                    return DecisionCode(label: fallback, maker: .scorer, number: Reason.weakLine.number, runnerUp: .body)
                }
            } else if score >= settings.outsideKeepThreshold && f.words >= settings.outsideMinimumWords {
                return DecisionCode(label: .body, maker: .scorer, number: Reason.proseOutside.number, runnerUp: fallback)
            } else {
                return DecisionCode(label: fallback, maker: .scorer, number: (index > articleEnd ? Reason.afterRegion : Reason.beforeRegion).number, runnerUp: .body)
            }
        }
        var decisions = [DecisionCode](unsafeUninitializedCapacity: count) { decisions, initialized in
            for index in 0..<count { (decisions.baseAddress! + index).initialize(to: decision(index)) }
            initialized = count
        }
        // Prose the scorer kept below the article's end marker is furniture: navigation (comments,
        // author boxes), or teasers for headline-like lines under a "Related" marker. Lines a
        // rule or zone labelled body stay body.
        if let end = ArticleEnd(settings: settings).marker(decisions: decisions, claims: claims, features: features) {
            var block = claims[end]?.label ?? .navigation
            for index in (end + 1)..<count {
                if let claim = claims[index], claim.endsArticle { block = claim.label }
                guard decisions[index].label == .body, decisions[index].maker == .scorer else { continue }
                let label = block == .teasers ? fallbackLabel(features[index], afterArticle: true) : .navigation
                decisions[index] = DecisionCode(label: label, maker: .scorer, number: Reason.afterArticleEnd.number, runnerUp: .body)
            }
        }
        if settings.smoothing {
            smooth(&decisions)
            smoothStamps(&decisions, features: features)
        }
        return decisions
    }

    /// Where a segment stands, as bits of a byte: in the main region, the article's head, its tail.
    private enum Place {
        static let region: UInt8 = 1
        static let head: UInt8 = 2
        static let tail: UInt8 = 4
    }

    /// `1 + Double(words) / 10` for 0...100 words (the body weight's length factor), made by the
    /// same arithmetic once: the division was most of a weight's cost.
    private static let lengthWeights: [Double] = (0...100).map { 1 + Double($0) / 10 }

    /// Boilerplate that no rule named: after the article, headline-like lines (several words,
    /// no sentence end) point elsewhere (teasers); everything else is furniture (navigation).
    func fallbackLabel(_ f: Features, afterArticle: Bool) -> Label {
        if afterArticle && f.words >= 4 && !f.endsWithPunctuation && !f.endsWithColon { return .teasers }
        return .navigation
    }

    /// A stamp — a short line of dates, times, prices or separators — takes the label of the
    /// boilerplate block it stands in, as the guide asks ("12 hours" in a teaser list is teasers):
    /// the label of the segment before it, or else after it, when that one is not body.
    func smoothStamps(_ decisions: inout [DecisionCode], features: [Features]) {
        // In place, without a check of the index or of the array's uniqueness at each read.
        decisions.withUnsafeMutableBufferPointer { decisions in
            features.withUnsafeBufferPointer { features in
                for index in decisions.indices {
                    guard decisions[index].label != .body, decisions[index].maker == .scorer else { continue }
                    let f = features[index]
                    let isStamp = f.words <= 6 && (f.digits > 0 && f.digits * 3 >= f.letters || f.letters == 0)
                    guard isStamp else { continue }
                    // The label of the neighbour before, or else after, that is not body.
                    let before = index > 0 && decisions[index - 1].label != .body ? decisions[index - 1].label : nil
                    let after = index + 1 < decisions.count && decisions[index + 1].label != .body ? decisions[index + 1].label : nil
                    // Lists carry stamps; notices do not, so a disclaimer lends its label to none.
                    guard let block = before ?? after, block != .disclaimer,
                          block != decisions[index].label else { continue }
                    decisions[index] = DecisionCode(label: block, maker: .smoothing, number: Reason.stamp(block), runnerUp: decisions[index].label)
                }
            }
        }
    }

    /// A lone scorer decision between two decisions of one boilerplate label, one of them by a
    /// rule or zone, takes that label.
    func smooth(_ decisions: inout [DecisionCode]) {
        guard decisions.count >= 3 else { return }
        decisions.withUnsafeMutableBufferPointer { decisions in
            for index in 1..<(decisions.count - 1) {
                let label = decisions[index - 1].label
                guard label != .body, label == decisions[index + 1].label, decisions[index].label != label,
                      decisions[index].label != .body, decisions[index].maker == .scorer else { continue }
                guard decisions[index - 1].isByRule || decisions[index + 1].isByRule else { continue }
                decisions[index] = DecisionCode(label: label, maker: .smoothing, number: Reason.between(label), runnerUp: decisions[index].label)
            }
        }
    }
}
