/// Rules that can never fire because what they ask for is impossible:
/// - conditions outside a feature's range (`stopwords: "> 1"`, `words: "< 0"`) or that exclude
///   each other (`position: top` with `relative_position: "> 0.5"`, `words: "> 3"` with `words: "< 4"`);
/// - patterns whose matches cannot meet the `words:` or `chars:` conditions: a pattern anchored
///   `^...$` matches the whole segment, so its length is the segment's; any other pattern's match
///   is part of the segment, so the segment is at least as long.
/// An impossible rule is an error; one impossible pattern among others is a warning.
public struct ContradictionCheck: LintCheck {
    public let name = "never-fires"

    public init() {}

    /// The values a feature can take, and whether they are whole numbers.
    static func domain(of feature: FeatureName) -> (range: ClosedRange<Double>, integral: Bool) {
        switch feature {
        case .chars, .words, .separators, .fromTop, .fromBottom: return (0...Double.infinity, true)
        case .stopwords, .digits, .upper, .titleCase, .relativePosition: return (0...1, false)
        case .meanWordLength: return (0...Double.infinity, false)
        case .endsWithPunctuation, .endsWithColon, .startsWithBullet: return (0...1, true)
        }
    }

    /// The values of `feature` that satisfy every condition on it, or nil when none do.
    static func allowed(_ feature: FeatureName, _ conditions: [Condition]) -> ClosedRange<Double>? {
        let domain = domain(of: feature)
        var low = domain.range.lowerBound, high = domain.range.upperBound
        for condition in conditions where condition.feature == feature {
            low = max(low, condition.interval.lowerBound)
            high = min(high, condition.interval.upperBound)
        }
        if domain.integral { low = low.rounded(.up); high = high.rounded(.down) }
        guard low <= high else { return nil }
        // A single value that a != condition excludes.
        if low == high, conditions.contains(where: { $0.feature == feature && $0.test == .notEqual(low) }) { return nil }
        return low...high
    }

    public func findings(in input: LintInput) -> [LintFinding] {
        var findings: [LintFinding] = []
        for rule in input.rules {
            let features = Set(rule.conditions.map(\.feature))
            var impossible = false
            for feature in FeatureName.allCases where features.contains(feature) && Self.allowed(feature, rule.conditions) == nil {
                let written = rule.conditions.filter { $0.feature == feature }.map(\.description).joined(separator: " and ")
                let range = Self.domain(of: feature).range
                let why = rule.conditions.filter({ $0.feature == feature }).count > 1 ? "conditions exclude each other" : "no \(feature.rawValue) value satisfies it (the feature ranges over \(Self.describe(range)))"
                findings.append(LintFinding(.error, name, rule: rule, "can never fire: when \(written): \(why)"))
                impossible = true
            }
            guard !impossible else { continue }
            findings += patternFindings(rule)
        }
        return findings
    }

    static func describe(_ range: ClosedRange<Double>) -> String {
        range.upperBound.isInfinite ? "\(Int(range.lowerBound)) and up" : "\(Int(range.lowerBound)) to \(Int(range.upperBound))"
    }

    /// Patterns whose match lengths cannot meet the rule's `words` and `chars` conditions.
    func patternFindings(_ rule: Rule) -> [LintFinding] {
        let measured: [(FeatureName, (PatternAnalysis) -> PatternAnalysis.Bounds?)] = [(.words, { $0.words }), (.chars, { $0.characters })]
        var reasons: [Int: String] = [:]
        for (feature, bounds) in measured {
            guard rule.conditions.contains(where: { $0.feature == feature }), let allowed = Self.allowed(feature, rule.conditions) else { continue }
            for (index, pattern) in rule.patterns.enumerated() where reasons[index] == nil {
                let analysis = PatternAnalysis(source: pattern.source, caseless: pattern.options.contains(.caseInsensitive))
                guard let b = bounds(analysis) else { continue }
                let whole = analysis.anchoredAtStart && analysis.anchoredAtEnd
                // The segment's value: exactly the match's when anchored at both ends, else at least its lower bound.
                let low = Double(b.lower), high = whole ? b.upper.map(Double.init) ?? .infinity : .infinity
                if high < allowed.lowerBound || low > allowed.upperBound {
                    let unit = feature == .words ? "words" : "characters"
                    let what = whole ? "it matches whole segments of \(b) \(unit)" : "its matches alone have \(b) \(unit)"
                    let written = rule.conditions.filter { $0.feature == feature }.map(\.description).joined(separator: " and ")
                    reasons[index] = "\(what), but when \(written)"
                }
            }
        }
        guard !reasons.isEmpty else { return [] }
        if reasons.count == rule.patterns.count {
            let detail = reasons.sorted { $0.key < $1.key }.map { "pattern #\($0.key + 1): \($0.value)" }.joined(separator: "; ")
            return [LintFinding(.error, name, rule: rule, "can never fire: \(detail)")]
        }
        return reasons.sorted { $0.key < $1.key }.map { index, why in
            LintFinding(.warning, name, rule: rule, "pattern #\(index + 1) '\(rule.patterns[index].source)' can never fire: \(why)")
        }
    }
}
