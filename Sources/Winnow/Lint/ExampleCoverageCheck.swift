import WinnowPCRE2

/// Untested rules: a rule with no examples cannot be checked by `rules test`, and a pattern no
/// example matches is untested even when the rule's other patterns are.
public struct ExampleCoverageCheck: LintCheck {
    public let name = "untested"

    public init() {}

    public func findings(in input: LintInput) -> [LintFinding] {
        let scratch = MatchScratch()
        var findings: [LintFinding] = []
        for rule in input.rules {
            if rule.examples.isEmpty {
                findings.append(LintFinding(.warning, name, rule: rule, "no examples: `winnow rules test` cannot check that it fires"))
                continue
            }
            guard rule.patterns.count > 1 else { continue }
            let idle = rule.patterns.enumerated().filter { _, pattern in
                !rule.examples.contains { (try? pattern.matches($0, scratch: scratch)) ?? false }
            }
            if !idle.isEmpty {
                let list = idle.map { "#\($0.offset + 1)" }.joined(separator: ", ")
                findings.append(LintFinding(.warning, name, rule: rule, "\(idle.count) of its \(rule.patterns.count) patterns match none of its examples (\(list)): add an example for each"))
            }
        }
        return findings
    }
}
