import WinnowPCRE2

/// Finds near misses segment after segment, reusing one PCRE2 scratch.
public final class NearMissFinder {
    let rules: [Rule]
    let scratch = MatchScratch()

    public init(rules: [Rule]) { self.rules = rules }

    public func find(text: String, features: Features) -> [NearMiss] {
        NearMiss.find(in: rules, text: text, features: features, scratch: scratch)
    }
}

/// A rule whose pattern matches a segment but whose conditions do not all hold: the first
/// place to look when a segment is not labelled as expected (`winnow explain` lists them).
public struct NearMiss: Sendable {
    public var rule: Rule
    /// The conditions that failed, with the segment's value of each feature.
    public var failed: [(condition: Condition, value: Double)]

    /// Rules (in decision order) that match `text` by pattern but are stopped by a condition.
    public static func find(in rules: [Rule], text: String, features: Features, scratch: MatchScratch = MatchScratch()) -> [NearMiss] {
        var misses: [NearMiss] = []
        for rule in rules {
            let failed = rule.conditions.filter { !$0.holds(for: features) }
            guard !failed.isEmpty, rule.patterns.contains(where: { (try? $0.matches(text, scratch: scratch)) ?? false }) else { continue }
            misses.append(NearMiss(rule: rule, failed: failed.map { ($0, features.value(of: $0.feature)) }))
        }
        return misses
    }

    /// "navigation-share (label navigation): words: < 14 fails, words 15".
    public var summary: String {
        let reasons = failed.map { condition, value -> String in
            let shown = condition.feature.isBoolean ? (value == 1 ? "true" : "false")
                : value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
            return "\(condition) fails (\(condition.feature.rawValue) is \(shown))"
        }
        return "\(rule.id) (\(rule.label.rawValue)): " + reasons.joined(separator: ", ")
    }
}
