import WinnowPCRE2

/// What the rules say of one segment: the winning rule, if any, and (when asked) every rule that fired.
public struct RuleVerdict: Sendable {
    public var winner: Rule?
    public var allHits: [Rule] = []
}

/// Runs the rule set over a page's segments. Rules are tried in priority order and the first
/// whose conditions hold and whose pattern matches decides; conditions are checked first
/// because they are cheaper than any regex.
public struct RuleClassifier {
    public let rules: RuleSet
    let scratch: MatchScratch

    /// One classifier per thread: the scratch it owns is not shareable.
    public init(rules: RuleSet, limits: MatchLimits = .default) {
        self.rules = rules
        self.scratch = MatchScratch(limits: limits)
    }

    /// The verdict for each segment. `collectAll` also lists every rule that fires (for `explain`).
    /// Matches ended by a limit count as no match and are reported in `limitHits`.
    public func classify(page: NormalisedPage, segments: [Segment], features: [Features], collectAll: Bool = false,
                         limitHits: inout [String]) -> [RuleVerdict] {
        var verdicts: [RuleVerdict] = []
        verdicts.reserveCapacity(segments.count)
        var text = page.text
        text.withUTF8 { whole in
            for (segment, segmentFeatures) in zip(segments, features) {
                let bytes = UnsafeBufferPointer(rebasing: whole[segment.byteRange])
                var verdict = RuleVerdict()
                for rule in rules.rules where rule.conditionsHold(segmentFeatures) {
                    do {
                        guard try rule.matches(bytes, scratch: scratch) else { continue }
                    } catch let error as MatchError {
                        limitHits.append("\(rule.id): segment \(segment.index) (line \(segment.line)): \(error.kind.rawValue) exceeded")
                        continue
                    } catch { continue }
                    if verdict.winner == nil { verdict.winner = rule }
                    if !collectAll { break }
                    verdict.allHits.append(rule)
                }
                verdicts.append(verdict)
            }
        }
        return verdicts
    }
}
