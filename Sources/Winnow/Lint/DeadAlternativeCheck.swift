/// Alternatives a lookahead in front of them rules out: in `(?=m)(?:menu|main menu|start)`,
/// the lookahead lets through only text that starts with "m", so "start" can never match. Rules
/// use such first-letter lookaheads to make long word lists fail fast; a word added to the
/// wrong group is silently dead. Reported when every character the alternative can start
/// with differs (in either case) from every one the lookahead allows: an error, because that
/// part of the pattern can never match. Lookaheads and alternatives lint cannot read exactly
/// (ranges, classes such as `\w`, anything that may be empty) are left alone.
public struct DeadAlternativeCheck: LintCheck {
    public let name = "dead-alternative"

    public init() {}

    public func findings(in input: LintInput) -> [LintFinding] {
        var findings: [LintFinding] = []
        for rule in input.rules {
            for (index, pattern) in rule.patterns.enumerated() {
                let node = PatternParser.parse(pattern.source, caseless: pattern.options.contains(.caseInsensitive))
                for dead in Self.deadAlternatives(in: node) {
                    findings.append(LintFinding(.error, name, rule: rule,
                        "pattern #\(index + 1): \(Self.describe(dead.alternative)) can never match: the lookahead (?=\(dead.lookahead)) in front of it lets through only text starting with \(Self.describe(dead.allowed)); move it to the group of its first letter or out of the lookahead's reach"))
                }
            }
        }
        return findings
    }

    struct Dead: Equatable {
        /// A sample of the dead alternative's text, the lookahead's, and the characters the lookahead allows first.
        var alternative: String
        var lookahead: String
        var allowed: String
    }

    /// Every alternative ruled out by the positive lookahead just before its group, anywhere in `node`.
    static func deadAlternatives(in node: PatternNode) -> [Dead] {
        var found: [Dead] = []
        func visit(_ node: PatternNode) {
            switch node {
            case .concat(let items):
                for (position, item) in items.enumerated() {
                    visit(item)
                    guard case .group(let condition, .lookahead) = item, position + 1 < items.count else { continue }
                    let allowed = PatternAnalysis.firstCharacters(condition)
                    guard !allowed.canBeEmpty, let allowedSet = allowed.characters else { continue }
                    for alternative in alternatives(after: items[(position + 1)...]) {
                        let first = PatternAnalysis.firstCharacters(alternative)
                        guard !first.canBeEmpty, !first.mayShareStart(with: allowed) else { continue }
                        found.append(Dead(alternative: sample(alternative), lookahead: sample(condition),
                                          allowed: String(String.UnicodeScalarView(allowedSet.sorted()))))
                    }
                }
            case .alternation(let items): items.forEach(visit)
            case .group(let inner, _), .repetition(let inner, _, _, _): visit(inner)
            case .empty, .literal, .set, .anchor, .opaque: break
            }
        }
        visit(node)
        return found
    }

    /// What follows a lookahead: each branch of a group of alternatives, or else the rest of the sequence.
    static func alternatives(after rest: ArraySlice<PatternNode>) -> [PatternNode] {
        if case .group(.alternation(let branches), let kind) = rest.first, !kind.isLookaround { return branches }
        return [.concat(Array(rest))]
    }

    static func sample(_ node: PatternNode) -> String { PatternAnalysis.sample(node, nonEmpty: true) ?? "…" }

    static func describe(_ text: String) -> String { "\"\(text)\"" }
}
