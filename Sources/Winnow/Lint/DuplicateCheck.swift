/// Duplicates: one id defined in two files of the same pack (the later silently replaces the
/// earlier, which is an override only between packs), and one pattern written in two rules.
public struct DuplicateCheck: LintCheck {
    public let name = "duplicate-id"

    public init() {}

    public func findings(in input: LintInput) -> [LintFinding] {
        var findings: [LintFinding] = []
        for pack in input.packs {
            var first: [String: Rule] = [:]
            for file in pack.files {
                for rule in file.rules {
                    if let earlier = first[rule.id] {
                        findings.append(LintFinding(.error, name, rule: rule, "duplicate id: also defined at \(earlier.origin) in the same pack; the later one silently replaces the earlier"))
                    } else {
                        first[rule.id] = rule
                    }
                }
            }
        }
        var patterns: [String: Rule] = [:]
        for rule in input.rules {
            for pattern in rule.patterns {
                let key = pattern.inlineSource
                if let other = patterns[key], other.id != rule.id {
                    findings.append(LintFinding(.warning, "duplicate-pattern", rule: rule, "pattern '\(pattern.source)' is also a pattern of rule \(other.id.debugDescription) (\(other.origin)), which is tried first"))
                } else if patterns[key] == nil {
                    patterns[key] = rule
                }
            }
        }
        return findings
    }
}
