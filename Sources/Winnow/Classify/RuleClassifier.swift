import WinnowPCRE2

/// What the rules say of one segment: the winning rule, if any, and (when asked) every rule that
/// fired, by their positions in the rule set's `rules` (a verdict holds no reference to retain).
public struct RuleVerdict: Sendable {
    public var winner: Int?
    public var allHits: [Int] = []

    /// The verdicts of segments whose winning rules are `winners` (-1: none), with the rules
    /// that fired on each in `allHits` when they were collected (empty otherwise).
    static func of(winners: [Int], allHits: [[Int]]) -> [RuleVerdict] {
        winners.indices.map { RuleVerdict(winner: winners[$0] >= 0 ? winners[$0] : nil, allHits: $0 < allHits.count ? allHits[$0] : []) }
    }
}

/// Runs the rule set over a page's segments. Rules are tried in priority order and the first
/// whose conditions hold and whose pattern matches decides.
///
/// Most segments match no rule, and trying every pattern on every segment would cost hundreds
/// of regex calls per line. So one pass of the rule set's literal prefilter (`RulePlan`,
/// `PatternPrefilter`) first finds the patterns that could match the segment at all — a pattern
/// none of whose required literals occurs in it cannot — and only those run, rule by rule in
/// decision order, each rule's conditions checked before its first candidate pattern. The
/// verdicts are exactly those of trying every rule in turn (`classifyNaively`, which tests
/// compare against).
public struct RuleClassifier {
    public let rules: RuleSet
    let plan: RulePlan
    let scratch: MatchScratch
    let prefilterScratch = PrefilterScratch()
    /// The plan's patterns as this thread runs them (no retain and no shared flag a run).
    let runner: PatternRunner
    /// The patterns a segment's conditions rule out, made here when features other than the
    /// count of words rule some out.
    let ruledOut: PatternBits

    /// One classifier per thread: the scratch it owns is not shareable.
    public init(rules: RuleSet, limits: MatchLimits = .default) {
        self.rules = rules
        plan = rules.plan
        scratch = MatchScratch(limits: limits)
        runner = PatternRunner(patterns: plan.patterns, scratch: scratch)
        ruledOut = PatternBits(words: plan.prefilter.words)
    }

    /// The verdict for each segment. `collectAll` also lists every rule that fires (for `explain`).
    /// Matches ended by a limit count as no match and are reported in `limitHits`.
    public func classify(page: NormalisedPage, segments: [Segment], features: [Features], collectAll: Bool = false,
                         limitHits: inout [String]) -> [RuleVerdict] {
        var allHits: [[Int]] = []
        let winners = self.winners(segments: PageSegments(segments, page: page), features: features, collectAll: collectAll, allHits: &allHits,
                                   limitHits: &limitHits)
        return RuleVerdict.of(winners: winners, allHits: allHits)
    }

    /// The winning rule of each segment (its position in `RuleSet.rules`), -1 for none: the
    /// verdicts as plain numbers, for the pipeline (an array of verdicts, each holding an array,
    /// was destroyed element by element for every page). With `collectAll`, `allHits` receives
    /// every rule that fires on each segment (one list a segment, appended).
    func winners(segments pageSegments: PageSegments, features: [Features], collectAll: Bool = false, allHits: inout [[Int]],
                 limitHits: inout [String]) -> [Int] {
        let words = plan.prefilter.words
        let rules = self.rules.rules
        let ruledOut = self.ruledOut
        let count = min(pageSegments.count, features.count)
        // Each winner written in place (appending checked the array's capacity and uniqueness
        // for every segment).
        return [Int](unsafeUninitializedCapacity: count) { winners, initialized in
        pageSegments.bytes.withUnsafeBufferPointer { whole in
            plan.ruleOfPattern.withUnsafeBufferPointer { ruleOfPattern in
            pageSegments.spans.withUnsafeBufferPointer { segments in
            features.withUnsafeBufferPointer { features in
            // By index, reading fields in place.
            for position in 0..<count {
                let segmentFeatures = features[position]
                let bytes = UnsafeBufferPointer(rebasing: whole[segments[position].byteRange])
                // Patterns of rules whose conditions rule them out are not looked for.
                let bits = plan.prefilter.candidates(in: bytes, scratch: prefilterScratch,
                                                     excluding: plan.ruledOut(for: segmentFeatures, room: ruledOut))
                var winner = -1
                if collectAll { allHits.append([]) }
                // Candidate patterns in flat order are rule by rule, in decision order.
                var currentRule = -1
                var ruleOpen = false
                scan: for word in 0..<words {
                    var pending = bits[word]
                    while pending != 0 {
                        let index = word &* 64 &+ pending.trailingZeroBitCount
                        pending &= pending &- 1
                        let ruleIndex = ruleOfPattern[index]
                        if ruleIndex != currentRule {
                            currentRule = ruleIndex
                            ruleOpen = plan.conditions.allHold(rule: ruleIndex, for: segmentFeatures)
                        }
                        guard ruleOpen else { continue }
                        do {
                            guard try runner.matches(index, bytes) else { continue }
                        } catch let error as MatchError {
                            // As a rule whose pattern hit a limit: reported, the rule does not fire.
                            let segment = segments[position]
                            limitHits.append("\(rules[ruleIndex].id): segment \(segment.index) (line \(segment.line)): \(error.kind.rawValue) exceeded")
                            ruleOpen = false
                            continue
                        } catch { ruleOpen = false; continue }
                        ruleOpen = false  // the rule fired: its other patterns need not run
                        if winner < 0 { winner = ruleIndex }
                        if !collectAll { break scan }
                        allHits[allHits.count - 1].append(ruleIndex)
                    }
                }
                (winners.baseAddress! + position).initialize(to: winner)
            }
            }
            }
            }
        }
        initialized = count
        }
    }

    /// The reference: every rule in turn, conditions then each pattern. Slow; the tests check
    /// that `classify` gives the same verdicts.
    func classifyNaively(page: NormalisedPage, segments: [Segment], features: [Features], collectAll: Bool = false,
                         limitHits: inout [String]) -> [RuleVerdict] {
        var verdicts: [RuleVerdict] = []
        page.withUTF8 { whole in
            for (segment, segmentFeatures) in zip(segments, features) {
                let bytes = UnsafeBufferPointer(rebasing: whole[segment.byteRange])
                var verdict = RuleVerdict()
                for (ruleIndex, rule) in rules.rules.enumerated() where rule.conditionsHold(segmentFeatures) {
                    do {
                        guard try rule.matches(bytes, scratch: scratch) else { continue }
                    } catch let error as MatchError {
                        limitHits.append("\(rule.id): segment \(segment.index) (line \(segment.line)): \(error.kind.rawValue) exceeded")
                        continue
                    } catch { continue }
                    if verdict.winner == nil { verdict.winner = ruleIndex }
                    if !collectAll { break }
                    verdict.allHits.append(ruleIndex)
                }
                verdicts.append(verdict)
            }
        }
        return verdicts
    }
}

