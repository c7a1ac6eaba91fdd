import WinnowPCRE2


/// Patterns that can make PCRE2 backtrack catastrophically. Two ways of finding them:
/// - the pattern's text: an unbounded repetition nested in another, where the inner one's text
///   can be split between iterations in many ways (`(a+)+`, `(\w+\s?)+`, `(.*)*`);
/// - running it, at the default match limit, on lines the rule's conditions let through: each
///   unbounded repetition meets probes built from the pattern (its body pumped up to two dozen
///   times, then a character that breaks it), and every pattern meets lines of the kinds pages
///   hold (words, letters, digits, link rows, breadcrumbs).
/// A nested repetition that a probe confirms is an error (`dangerous-pattern`). A limit hit
/// without such nesting (adjacent repetitions that share characters) is a warning
/// (`slow-pattern`): the rule stops firing on such lines, as `clean` reports. Nesting no probe
/// confirms is a warning, and so are patterns PCRE2's JIT compiler refused (they match several
/// times slower).
public struct DangerousPatternCheck: LintCheck {
    public let name = "dangerous-pattern"
    /// The limits of the runs: the ones `clean` uses, so a hit means a rule that fails in use.
    public var limits = MatchLimits.default

    public init() {}

    /// Lines of the kinds pages hold, as repeated units; they are cut to what conditions allow.
    static let genericProbes: [PatternAnalysis.Probe] = [
        .init(prefix: "", unit: "word ", tail: "!"),
        .init(prefix: "", unit: "a", tail: "!"),
        .init(prefix: "", unit: "Wort, ", tail: "?"),
        .init(prefix: "", unit: "1.2 ", tail: "x"),
        .init(prefix: "", unit: "- ", tail: "?"),
        .init(prefix: "", unit: "A b. ", tail: ""),
        .init(prefix: "Home", unit: " | News", tail: " 100"),
        .init(prefix: "Home", unit: " • News ·", tail: ":"),
        .init(prefix: "Home", unit: " > Section", tail: "!"),
    ]

    public func findings(in input: LintInput) -> [LintFinding] {
        let scratch = MatchScratch(limits: limits)
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
                for probe in analysis.probes + Self.genericProbes where confirmed == nil {
                    guard let subject = Self.longest(probe, admittedBy: rule, upTo: max(24, 600 / max(1, probe.unit.count))) else { continue }
                    if Self.hitsLimit(pattern, subject, scratch) { confirmed = "a \(subject.count)-character line like \(Self.describe(subject))" }
                }
                let fix = "make the repetitions possessive (a++, [^|]{1,40}+), atomic (?>...) or bounded"
                if let confirmed, !nested.isEmpty {
                    findings.append(LintFinding(.error, name, rule: rule, "\(label) backtracks catastrophically (an unbounded repetition nested in another): PCRE2 stops it at the default match limit on \(confirmed), so the rule does not fire there; \(fix)"))
                } else if let confirmed {
                    findings.append(LintFinding(.warning, "slow-pattern", rule: rule, "\(label) backtracks heavily: PCRE2 stops it at the default match limit on \(confirmed), so the rule does not fire on such lines (and each costs a million steps); \(fix)"))
                } else if !nested.isEmpty {
                    findings.append(LintFinding(.warning, name, rule: rule, "\(label) nests an unbounded repetition in another, which can backtrack exponentially on some inputs (the probes did not trigger it); make the inner one possessive (a++) or atomic (?>...)"))
                }
            }
        }
        return findings
    }

    /// The probe's text (as a segment would hold it) with as many units as the rule's text conditions admit (a rule with
    /// `words: "< 30"` never sees a longer line), or nil when none does.
    static func longest(_ probe: PatternAnalysis.Probe, admittedBy rule: Rule, upTo count: Int) -> String? {
        var repeats = count
        while repeats >= 1 {
            let text = segmentText(probe.text(repeating: repeats))
            if rule.textConditionsHold(FeatureMeasurer.textFeatures(of: text)) { return text }
            repeats = repeats > 8 ? repeats * 3 / 4 : repeats - 1
        }
        return nil
    }

    /// The text as a segment would hold it: the normaliser leaves single spaces and no spaces at the ends.
    static func segmentText(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    static func hitsLimit(_ pattern: Pattern, _ subject: String, _ scratch: MatchScratch) -> Bool {
        do { _ = try pattern.matches(subject, scratch: scratch) } catch let error as MatchError { return error.isLimit } catch {}
        return false
    }

    static func describe(_ subject: String) -> String {
        let scalars = Array(subject.unicodeScalars)
        let head = String(String.UnicodeScalarView(scalars.prefix(24)))
        return (head + (scalars.count > 24 ? "..." : "")).quoted
    }
}
