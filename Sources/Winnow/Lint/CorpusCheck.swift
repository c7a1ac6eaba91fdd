import Foundation

/// Rules measured on a corpus of pages (`rules lint --corpus DIR`): rules that fire on no
/// segment at all, rules that match but never decide (always beaten by a rule tried first),
/// and, on labelled pages, rules that decide mostly against the gold labels.
public struct CorpusCheck: LintCheck {
    public let name = "corpus"
    public var paths: [String]
    /// A rule is flagged as mostly wrong when it decides at least this many segments...
    public var minimumDecisions = 5
    /// ...and more than this share of them disagree with the gold labels.
    public var wrongShare = 0.5

    public init(paths: [String]) { self.paths = paths }

    struct Tally {
        var fired = 0
        var decided = 0
        var wrong = 0
        var wrongGold: [Label: Int] = [:]
        var beatenBy: [String: Int] = [:]
    }

    public func findings(in input: LintInput) -> [LintFinding] {
        guard !input.rules.isEmpty, let set = try? RuleSet(packs: input.packs.flatMap(\.files)) else { return [] }
        let pipeline = Pipeline(rules: set)
        let (items, _) = InputWalker().items(for: paths)
        var tallies: [String: Tally] = [:]
        var pages = 0, segments = 0
        for item in items {
            guard let document = try? PageReader().read(item) else { continue }
            let (page, verdicts) = pipeline.run(document, collectAllHits: true)
            pages += 1
            segments += page.spans.count
            let decisions = page.decisions
            for (index, verdict) in verdicts.enumerated() {
                for hit in verdict.allHits.map({ set.rules[$0] }) {
                    tallies[hit.id, default: Tally()].fired += 1
                    if let winner = verdict.winner.map({ set.rules[$0] }), winner.id != hit.id { tallies[hit.id, default: Tally()].beatenBy[winner.id, default: 0] += 1 }
                }
                let decision = decisions[index]
                guard case .rule(let id) = decision.source else { continue }
                tallies[id, default: Tally()].decided += 1
                if let gold = page.gold?[index], gold != decision.label {
                    tallies[id, default: Tally()].wrong += 1
                    tallies[id, default: Tally()].wrongGold[gold, default: 0] += 1
                }
            }
        }
        guard pages > 0 else { return [] }
        let corpus = "the corpus (\(pages) page\(pages == 1 ? "" : "s"), \(segments) segments)"
        var findings: [LintFinding] = []
        for rule in input.rules {
            let tally = tallies[rule.id] ?? Tally()
            if tally.fired == 0 {
                findings.append(LintFinding(.warning, name, rule: rule, "fires on no segment of \(corpus)"))
            } else if tally.decided == 0 && !tally.beatenBy.isEmpty {
                let list = tally.beatenBy.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3).map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
                findings.append(LintFinding(.warning, name, rule: rule, "matches \(tally.fired) segment\(tally.fired == 1 ? "" : "s") of \(corpus) but never decides one: rules tried first win (\(list))"))
            } else if tally.decided >= minimumDecisions, Double(tally.wrong) > wrongShare * Double(tally.decided) {
                let gold = tally.wrongGold.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key.rawValue) ×\($0.value)" }.joined(separator: ", ")
                findings.append(LintFinding(.warning, name, rule: rule, "decides \(tally.decided) segments of \(corpus), \(tally.wrong) of them against the gold labels (gold \(gold))"))
            }
        }
        return findings
    }
}
