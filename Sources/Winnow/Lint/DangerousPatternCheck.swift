import WinnowPCRE2

/// Patterns that can make PCRE2 backtrack catastrophically. Two ways of finding them:
/// - the pattern's text: an unbounded repetition nested in another, where the inner one's text
///   can be split between iterations in many ways (`(a+)+`, `(\w+\s?)+`, `(.*)*`);
/// - running it: each pattern meets crafted subjects (the nested repetition pumped, and long
///   lines of words, letters, digits and punctuation) with PCRE2's match limit set.
/// A pattern that hits the limit is an error: on such segments the rule silently does not fire.
/// Nesting that the crafted subjects do not confirm is a warning. Patterns PCRE2's JIT
/// compiler refused are warnings too: they match several times slower.
public struct DangerousPatternCheck: LintCheck {
    public let name = "dangerous-pattern"
    /// The limits of the crafted runs: low enough that exponential backtracking shows at once.
    public var limits = MatchLimits(matchLimit: 200_000, depthLimit: 10_000)

    public init() {}

    /// Long lines of the kinds pages hold, at the size of a long paragraph.
    static let genericSubjects: [String] = [
        String(repeating: "word ", count: 1200) + "!",
        String(repeating: "a", count: 5000) + "!",
        String(repeating: "Wort, ", count: 800) + "\u{1}",
        String(repeating: "1.2 ", count: 1000) + "x",
        String(repeating: "- ", count: 2000) + "\u{1}",
        String(repeating: "A b. ", count: 1000),
    ]

    public func findings(in input: LintInput) -> [LintFinding] {
        let crafted = MatchScratch(limits: limits)
        let production = MatchScratch()
        var findings: [LintFinding] = []
        for rule in input.rules {
            for (index, pattern) in rule.patterns.enumerated() {
                let label = "pattern #\(index + 1) '\(pattern.source)'"
                if !pattern.isJITCompiled {
                    findings.append(LintFinding(.warning, "no-jit", rule: rule, "\(label) is not JIT-compiled by PCRE2, so it matches several times slower"))
                }
                let analysis = PatternAnalysis(source: pattern.source, caseless: pattern.options.contains(.caseInsensitive))
                let nested = analysis.nestedRepetitions
                var confirmed: String?
                for subject in analysis.adversarialSubjects(count: 28) where confirmed == nil {
                    if Self.hitsLimit(pattern, subject, crafted) { confirmed = "a crafted \(subject.count)-character subject (\(Self.describe(subject)))" }
                }
                for subject in Self.genericSubjects where confirmed == nil {
                    if Self.hitsLimit(pattern, subject, production) {
                        confirmed = "a \(subject.count)-character line (\(Self.describe(subject))) at the default match limit"
                    }
                }
                if let confirmed {
                    let why = nested.isEmpty ? "" : " (an unbounded repetition nested in another)"
                    findings.append(LintFinding(.error, name, rule: rule, "\(label) backtracks catastrophically\(why): PCRE2 stops it at its match limit on \(confirmed); make the inner repetition possessive (a++), atomic (?>...) or bounded"))
                } else if !nested.isEmpty {
                    findings.append(LintFinding(.warning, name, rule: rule, "\(label) nests an unbounded repetition in another, which can backtrack exponentially on some inputs (crafted subjects did not trigger it); make the inner one possessive (a++) or atomic (?>...)"))
                }
            }
        }
        return findings
    }

    static func hitsLimit(_ pattern: Pattern, _ subject: String, _ scratch: MatchScratch) -> Bool {
        do { _ = try pattern.matches(subject, scratch: scratch) } catch let error as MatchError { return error.isLimit } catch {}
        return false
    }

    static func describe(_ subject: String) -> String {
        let scalars = Array(subject.unicodeScalars)
        let head = String(String.UnicodeScalarView(scalars.prefix(12)))
        return (head + (scalars.count > 12 ? "..." : "")).quoted
    }
}
