import Foundation
import WinnowPCRE2

/// The rule set laid out for the classifier's hot path: every rule's patterns in one flat list
/// (rule by rule, in decision order), the rule of each pattern, each rule's conditions, and the
/// literal prefilter over all the patterns. Built once per rule set and shared by every thread.
public final class RulePlan: @unchecked Sendable {
    public let prefilter: PatternPrefilter
    let patterns: [Pattern]
    /// For each pattern of `patterns`, the index of its rule in `RuleSet.rules`.
    let ruleOfPattern: [Int]
    let conditions: [[Condition]]

    public init(rules: [Rule]) {
        var patterns: [Pattern] = []
        var ruleOfPattern: [Int] = []
        for (index, rule) in rules.enumerated() {
            patterns += rule.patterns
            ruleOfPattern += Array(repeating: index, count: rule.patterns.count)
        }
        self.patterns = patterns
        self.ruleOfPattern = ruleOfPattern
        conditions = rules.map(\.conditions)
        // Strings are keyed by their least common windows in web text, and not by n-grams of
        // stopwords (any language's): those are everywhere.
        prefilter = PatternPrefilter(patterns: patterns, frequencies: WindowFrequencies.embedded,
                                     commonWords: StopwordLists.embedded.lists.values.flatMap { $0 })
    }

    /// How many patterns always run (no required literal found), for `rules patterns --stats`-like reports and tests.
    public var ungatedPatterns: [Pattern] { patterns.indices.filter { prefilter.isUngated($0) }.map { patterns[$0] } }
}

/// Builds a rule set's plan on first use, once, whichever thread asks first.
final class RulePlanCache: @unchecked Sendable {
    private let lock = NSLock()
    private var plan: RulePlan?

    func plan(for rules: [Rule]) -> RulePlan {
        lock.lock()
        defer { lock.unlock() }
        if let plan { return plan }
        let built = RulePlan(rules: rules)
        plan = built
        return built
    }
}

extension WindowFrequencies {
    /// The table embedded at build time from `rules/prefilter/windows.txt` (empty if missing).
    static let embedded = WindowFrequencies(parsing: EmbeddedResources.files.first { $0.path == "prefilter/windows.txt" }?.text ?? "")
}
