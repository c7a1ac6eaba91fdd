import WinnowPCRE2

/// The moderation stage, after context: measures the cleaned article (the segments whose label
/// is kept), runs the document rules for a verdict with reasons, and the segment action rules
/// over the kept segments for redactions and flags. Runs only when the rule set holds
/// moderation rules. One per thread (it owns PCRE2 scratch space).
public final class Moderator {
    public let rules: ModerationRules
    public let redactor: Redactor
    /// The labels whose segments make the cleaned article (what is measured and redacted).
    public var keep: Set<Label>
    let scratch: MatchScratch

    public init(rules: ModerationRules, keep: Set<Label> = [.body], limits: MatchLimits = .default) {
        self.rules = rules
        self.keep = keep
        redactor = Redactor(rules: rules.actions)
        scratch = MatchScratch(limits: limits)
    }

    /// Moderates one classified page. Never fails: a runaway match ends by its limit, counts as
    /// no match of that rule on that segment, and is listed in `limitHits`.
    public func moderate(page: NormalisedPage, segments: [Segment], features: [Features], decisions: [Decision],
                         language: String?, limitHits: inout [String]) -> ModerationResult {
        moderate(segments: PageSegments(segments, page: page), features: features, labels: decisions.lazy.map(\.label), language: language,
                 limitHits: &limitHits)
    }

    /// `moderate` on the pipeline's segments (their texts read in the page's bytes), with each one's label.
    func moderate(segments: PageSegments, features: [Features], labels: some Collection<Label>,
                  language: String?, limitHits: inout [String]) -> ModerationResult {
        let kept = labels.enumerated().filter { keep.contains($0.element) }.map(\.offset)
        let metrics = DocumentMetrics.measure(segments: segments, features: features, kept: kept)
        var reasons: [VerdictReason] = []
        var redactions: [ActionMatch] = []
        var flags: [ActionMatch] = []
        var redactedTexts: [Int: String] = [:]
        segments.bytes.withUnsafeBufferPointer { whole in
            let lines = kept.map { (segment: segments[$0], bytes: UnsafeBufferPointer(rebasing: whole[segments[$0].byteRange])) }
            for rule in rules.documents {
                let score = rule.terms.isEmpty ? nil : rule.termScore(lines: lines, scratch: scratch, limitHits: &limitHits)
                if let reason = rule.evaluate(metrics: metrics, language: language, termScore: score) { reasons.append(reason) }
            }
            guard !redactor.rules.isEmpty else { return }
            for (segment, bytes) in lines {
                let found = redactor.find(in: bytes, features: features[segment.index], scratch: scratch) { rule, error in
                    limitHits.append("\(rule.id): segment \(segment.index) (line \(segment.line)): \(error.kind.rawValue) exceeded")
                }
                for span in found.redactions {
                    let rule = redactor.rules[span.rule]
                    redactions.append(ActionMatch(segment: segment.index, range: span.range, kind: rule.kind, rule: rule.id, placeholder: rule.placeholder))
                }
                for span in found.flags {
                    let rule = redactor.rules[span.rule]
                    flags.append(ActionMatch(segment: segment.index, range: span.range, kind: rule.kind, rule: rule.id, placeholder: nil))
                }
                if !found.redactions.isEmpty { redactedTexts[segment.index] = redactor.apply(found.redactions, to: bytes) }
            }
        }
        // Each flag rule that matched asks for review, with its count.
        var flagCounts: [String: Int] = [:]
        for flag in flags { flagCounts[flag.rule, default: 0] += 1 }
        for rule in redactor.rules where rule.action == .flag {
            guard let count = flagCounts[rule.id] else { continue }
            reasons.append(VerdictReason(rule: rule.id, verdict: .review, figures: [("matches", .number(Double(count)))],
                                         why: "flagged \(count) \(rule.kind) match\(count == 1 ? "" : "es")"))
        }
        let verdict = reasons.map(\.verdict).max() ?? .keep
        return ModerationResult(verdict: verdict, reasons: reasons, metrics: metrics, redactions: redactions, flags: flags, redactedTexts: redactedTexts)
    }

    /// Moderates a text as if it were a whole cleaned article (every line kept): rule examples.
    public func moderate(article text: String) -> (result: ModerationResult, language: String?) {
        let page = Normaliser().normalise(Array(text.utf8))
        let segments = LineSegmenter().segments(of: page)
        let (features, language) = FeatureMeasurer(stopwords: .embedded).measure(segments)
        let decisions = segments.map { _ in Decision(label: .body, source: .scorer("example")) }
        let saved = keep
        keep = [.body]
        defer { keep = saved }
        var hits: [String] = []
        return (moderate(page: page, segments: segments, features: features, decisions: decisions, language: language, limitHits: &hits), language)
    }
}
