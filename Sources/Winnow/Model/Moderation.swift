/// What moderation decided about a whole document.
public enum Verdict: String, CaseIterable, Codable, Sendable, Comparable {
    /// Nothing to object to.
    case keep
    /// Kept in the output, but marked for a person to look at.
    case review
    /// Left out of the output (and written to `--dropped`).
    case drop

    public static func < (a: Verdict, b: Verdict) -> Bool { a.severity < b.severity }
    private var severity: Int { Verdict.allCases.firstIndex(of: self)! }
}

/// A figure behind a verdict: a metric's value, a term score, a language.
public enum Figure: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case text(String)

    public var description: String {
        switch self {
        case .number(let value): return Figure.format(value)
        case .text(let text): return text
        }
    }

    /// Whole numbers without a fraction, others to three decimals.
    public static func format(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}

/// One rule that spoke against a document: its id, the verdict it asks for and the figures behind it.
public struct VerdictReason: Sendable, Equatable {
    public var rule: String
    public var verdict: Verdict
    /// Named figures, in the order the rule tested them (e.g. `words` → 12).
    public var figures: [(name: String, value: Figure)]
    /// The reason in words, e.g. `words 12 < 50`.
    public var why: String

    public init(rule: String, verdict: Verdict, figures: [(name: String, value: Figure)], why: String) {
        self.rule = rule
        self.verdict = verdict
        self.figures = figures
        self.why = why
    }

    public static func == (a: VerdictReason, b: VerdictReason) -> Bool {
        a.rule == b.rule && a.verdict == b.verdict && a.why == b.why
            && a.figures.map(\.name) == b.figures.map(\.name) && a.figures.map(\.value) == b.figures.map(\.value)
    }
}

/// A span a segment action rule matched: redacted (replaced by its placeholder) or flagged.
public struct ActionMatch: Sendable, Equatable {
    /// Index of the segment in the page.
    public var segment: Int
    /// UTF-8 byte range in the segment's original text.
    public var range: Range<Int>
    public var kind: String
    public var rule: String
    /// The replacement, for redactions.
    public var placeholder: String?

    public init(segment: Int, range: Range<Int>, kind: String, rule: String, placeholder: String?) {
        self.segment = segment
        self.range = range
        self.kind = kind
        self.rule = rule
        self.placeholder = placeholder
    }
}

/// The moderation stage's findings for one page: the verdict with its reasons, the document
/// metrics, and every redaction and flag in the kept segments.
public struct ModerationResult: Sendable {
    public var verdict: Verdict
    /// Every document rule (and flag rule) that fired, in rule order; empty for `keep`.
    public var reasons: [VerdictReason]
    public var metrics: DocumentMetrics
    /// Redactions applied to the kept text, in page order.
    public var redactions: [ActionMatch]
    /// Flagged spans (the text is left as it is).
    public var flags: [ActionMatch]
    /// The text of each kept segment that a redaction changed, by segment index.
    public var redactedTexts: [Int: String]

    public init(verdict: Verdict, reasons: [VerdictReason], metrics: DocumentMetrics, redactions: [ActionMatch] = [],
                flags: [ActionMatch] = [], redactedTexts: [Int: String] = [:]) {
        self.verdict = verdict
        self.reasons = reasons
        self.metrics = metrics
        self.redactions = redactions
        self.flags = flags
        self.redactedTexts = redactedTexts
    }

    /// Redactions per kind, sorted by kind.
    public var redactionCounts: [(kind: String, count: Int)] { Self.counts(redactions) }
    /// Flags per kind, sorted by kind.
    public var flagCounts: [(kind: String, count: Int)] { Self.counts(flags) }

    static func counts(_ matches: [ActionMatch]) -> [(kind: String, count: Int)] {
        var counts: [String: Int] = [:]
        for match in matches { counts[match.kind, default: 0] += 1 }
        return counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
