import WinnowPCRE2

/// A test on one document metric, written in a document rule's `when:` as `words: "< 50"`.
public struct MetricCondition: Sendable, CustomStringConvertible {
    public var metric: DocumentMetric
    public var test: Condition.Test
    public var written: String

    public init(metric: DocumentMetric, test: Condition.Test, written: String) {
        self.metric = metric
        self.test = test
        self.written = written
    }

    public func holds(_ metrics: DocumentMetrics) -> Bool { test.holds(metrics[metric]) }
    public var description: String { "\(metric.rawValue): \(written)" }
}

/// One entry of a weighted term list: a PCRE2 pattern and what each match adds to the score.
public struct WeightedTerm: Sendable {
    public var pattern: Pattern
    public var weight: Double
    /// How the term is shown in reasons (the pattern unless the rule names it).
    public var name: String
}

/// A document-level rule of a `documents:` section: when every test it has holds, the document
/// gets the rule's verdict (`drop` or `review`). Tests: conditions on the cleaned article's
/// metrics (`when:`), a language allowlist (`languages:`: fires when the page's language is not
/// in it), and a weighted term list (`terms:`: matches in the kept text, times their weights,
/// summed, fire at `threshold:`).
public struct DocumentRule: Sendable {
    public var id: String
    public var verdict: Verdict
    public var description: String
    public var conditions: [MetricCondition]
    /// Allowed language codes; `unknown` allows pages whose language was not recognised.
    public var languages: [String]?
    public var terms: [WeightedTerm]
    public var threshold: Double
    public var examples: [String]
    public var counterexamples: [String]
    public var origin: RuleOrigin

    /// The term score of the kept lines: each match's weight, summed, with the count per term.
    /// A match that a limit ended counts as no match of that term in that line, and is reported.
    public func termScore(lines: [(segment: Segment, bytes: UnsafeBufferPointer<UInt8>)], scratch: MatchScratch,
                          limitHits: inout [String]) -> (score: Double, counts: [Int]) {
        termScore(lines: lines.map { (segment: $0.segment.span, bytes: $0.bytes) },
                  scratch: scratch, limitHits: &limitHits)
    }

    /// `termScore` on the pipeline's segments.
    func termScore(lines: [(segment: SegmentSpan, bytes: UnsafeBufferPointer<UInt8>)], scratch: MatchScratch,
                   limitHits: inout [String]) -> (score: Double, counts: [Int]) {
        var counts = [Int](repeating: 0, count: terms.count)
        for (segment, bytes) in lines {
            for (offset, term) in terms.enumerated() {
                do {
                    counts[offset] += try term.pattern.allMatches(in: bytes, scratch: scratch).count
                } catch let error as MatchError {
                    limitHits.append("\(id): segment \(segment.index) (line \(segment.line)): \(error.kind.rawValue) exceeded")
                } catch {}
            }
        }
        let score = zip(terms, counts).reduce(0) { $0 + $1.0.weight * Double($1.1) }
        return (score, counts)
    }

    /// The reason this rule gives against a document, or nil when some test does not hold.
    public func evaluate(metrics: DocumentMetrics, language: String?, termScore: (score: Double, counts: [Int])?) -> VerdictReason? {
        var figures: [(name: String, value: Figure)] = []
        var why: [String] = []
        for condition in conditions {
            let value = metrics[condition.metric]
            guard condition.holds(metrics) else { return nil }
            figures.append((condition.metric.rawValue, .number(value)))
            why.append("\(condition.metric.rawValue) \(Figure.format(value)) \(condition.written)")
        }
        if let languages {
            let code = language ?? "unknown"
            guard !languages.contains(code) else { return nil }
            figures.append(("language", .text(code)))
            let allowed = languages.count <= 6 ? languages.joined(separator: ", ") : languages.prefix(5).joined(separator: ", ") + " and \(languages.count - 5) more"
            why.append("language \(code) not in \(allowed)")
        }
        if !terms.isEmpty {
            guard let termScore, termScore.score >= threshold else { return nil }
            figures.append(("score", .number(termScore.score)))
            figures.append(("threshold", .number(threshold)))
            let hits = zip(terms, termScore.counts).filter { $0.1 > 0 }.map { "\($0.0.name) ×\($0.1)" }
            why.append("term score \(Figure.format(termScore.score)) >= \(Figure.format(threshold))" + (hits.isEmpty ? "" : " (\(hits.joined(separator: ", ")))"))
        }
        return VerdictReason(rule: id, verdict: verdict, figures: figures, why: why.joined(separator: "; "))
    }
}

/// The moderation rules of a run: segment action rules and document rules, in pack order.
public struct ModerationRules: Sendable {
    public var actions: [ActionRule] = []
    public var documents: [DocumentRule] = []

    public init(actions: [ActionRule] = [], documents: [DocumentRule] = []) {
        self.actions = actions
        self.documents = documents
    }

    /// No moderation rule loaded: the moderation stage does not run and output is as without it.
    public var isEmpty: Bool { actions.isEmpty && documents.isEmpty }
}
