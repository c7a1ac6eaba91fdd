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
    /// Every rule's conditions, in one flat table.
    let conditions: RuleConditions
    /// The patterns whose rule's `words:` conditions fail, by a segment's count of words: the
    /// prefilter does not look for them (their rule could not fire anyway).
    let wordCountGate: WordCountGate

    public init(rules: [Rule]) {
        var patterns: [Pattern] = []
        var ruleOfPattern: [Int] = []
        for (index, rule) in rules.enumerated() {
            patterns += rule.patterns
            ruleOfPattern += Array(repeating: index, count: rule.patterns.count)
        }
        self.patterns = patterns
        self.ruleOfPattern = ruleOfPattern
        conditions = RuleConditions(rules.map(\.conditions))
        // Strings are keyed by their least common windows in web text, and not by n-grams of
        // stopwords (any language's): those are everywhere.
        prefilter = PatternPrefilter(patterns: patterns, frequencies: WindowFrequencies.embedded,
                                     commonWords: StopwordLists.embedded.lists.values.flatMap { $0 })
        // Its bitsets are the prefilter's, which it is handed with.
        wordCountGate = WordCountGate(conditions: ruleOfPattern.map { rules[$0].conditions }, words: prefilter.words)
    }

    /// How many patterns always run (no required literal found), for `rules patterns --stats`-like reports and tests.
    public var ungatedPatterns: [Pattern] { patterns.indices.filter { prefilter.isUngated($0) }.map { patterns[$0] } }
}

/// Every rule's conditions in one flat list, rule after rule, without the text they were
/// written as: the classifier checks a candidate rule's conditions from one contiguous table
/// instead of an array of its own a rule (a cache miss a rule).
struct RuleConditions {
    private let tests: [(feature: FeatureName, test: Condition.Test)]
    /// Rule `r`'s conditions are `tests[starts[r]..<starts[r + 1]]`.
    private let starts: [Int]

    init(_ conditions: [[Condition]]) {
        tests = conditions.flatMap { $0.map { (feature: $0.feature, test: $0.test) } }
        var starts = [0]
        for rule in conditions { starts.append(starts.last! + rule.count) }
        self.starts = starts
    }

    /// Whether every condition of rule `rule` holds for `features` (as `[Condition].allHold`).
    @inline(__always)
    func allHold(rule: Int, for features: Features) -> Bool {
        var index = starts[rule]
        let end = starts[rule + 1]
        while index < end {
            guard tests[index].test.holds(features.value(of: tests[index].feature)) else { return false }
            index += 1
        }
        return true
    }
}

/// For each count of words a segment may have, the bitset of patterns whose rule cannot hold
/// for it by its `words:` conditions alone (a table with a row per count up to past the largest
/// bound, the last row standing for every larger count). Other conditions are left to the
/// classifier, so a pattern outside the bitset may still be ruled out there.
final class WordCountGate: @unchecked Sendable {
    /// Row `w` (of `words` words) for a segment of `w` words; row `lastRow` for every count from it on.
    private let rows: UnsafeMutablePointer<UInt64>
    private let words: Int
    private let lastRow: Int

    /// `conditions`: each pattern's rule's conditions; `words`: 64-bit words in a bitset.
    init(conditions: [[Condition]], words: Int) {
        // Bounds past the last row would make it stand for counts that differ: such conditions are left out.
        func bounds(_ test: Condition.Test) -> [Double] {
            switch test {
            case .less(let b), .lessOrEqual(let b), .greater(let b), .greaterOrEqual(let b), .equal(let b), .notEqual(let b): return [b]
            case .between(let low, let high): return [low, high]
            }
        }
        let limit = 4096.0
        func usable(_ condition: Condition) -> Bool {
            condition.feature == .words && bounds(condition.test).allSatisfy { $0.isFinite && $0.magnitude < limit }
        }
        let largest = conditions.joined().filter(usable).flatMap { bounds($0.test) }.max() ?? 0
        lastRow = max(0, Int(largest.rounded(.down)) + 1)
        self.words = words
        rows = .allocate(capacity: (lastRow + 1) * words)
        rows.initialize(repeating: 0, count: (lastRow + 1) * words)
        for (pattern, patternConditions) in conditions.enumerated() {
            let tests = patternConditions.filter(usable).map(\.test)
            guard !tests.isEmpty else { continue }
            for count in 0...lastRow where !tests.allSatisfy({ $0.holds(Double(count)) }) {
                rows[count * words + pattern / 64] |= 1 << UInt64(pattern % 64)
            }
        }
    }

    deinit { rows.deallocate() }

    /// The patterns ruled out for a segment of `count` words (`words` words, valid as long as the gate).
    @inline(__always)
    func ruledOut(forWords count: Int) -> UnsafePointer<UInt64> {
        UnsafePointer(rows + min(max(count, 0), lastRow) * words)
    }
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
