import WinnowPCRE2

/// Rules that never get to decide: every one of a rule's examples is claimed first by a rule
/// tried before it (higher priority, or written earlier) that gives another label. Only rules
/// without positional conditions count as claiming, since examples are judged on their text.
public struct ShadowCheck: LintCheck {
    public let name = "shadowed"

    public init() {}

    public func findings(in input: LintInput) -> [LintFinding] {
        let scratch = MatchScratch()
        var findings: [LintFinding] = []
        let rules = input.rules
        for (index, rule) in rules.enumerated() where !rule.examples.isEmpty {
            var claimedBy: [String: Int] = [:]
            var sameLabel = 0
            var allClaimed = true
            for example in rule.examples {
                let claimer = rules[..<index].first { earlier in
                    !earlier.conditions.contains { $0.feature.isPositional } && ((try? earlier.fires(onText: example, scratch: scratch)) ?? false)
                }
                guard let claimer else { allClaimed = false; break }
                if claimer.label == rule.label { sameLabel += 1 } else { claimedBy["\(claimer.id) (\(claimer.label.rawValue))", default: 0] += 1 }
            }
            guard allClaimed else { continue }
            let list = claimedBy.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
            if sameLabel == 0 {
                findings.append(LintFinding(.warning, name, rule: rule, "shadowed: each of its examples is decided first by a higher-priority rule of another label: \(list)"))
            } else if !claimedBy.isEmpty {
                findings.append(LintFinding(.warning, name, rule: rule, "shadowed: each of its examples is decided first by another rule; \(claimedBy.values.reduce(0, +)) of them by rules of another label: \(list)"))
            }
        }
        return findings
    }
}
