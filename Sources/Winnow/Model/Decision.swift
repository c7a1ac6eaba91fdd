/// Who decided a segment's label. Every decision names its maker, so `explain` can say why.
public enum DecisionSource: Sendable, Equatable, CustomStringConvertible {
    /// A rule's pattern and conditions matched the segment.
    case rule(String)
    /// The segment lies in the block opened by a zone rule (a heading such as "Latest Stories").
    case zone(String)
    /// The body-likeness scorer, with the segment's position relative to the main region.
    case scorer(String)
    /// Neighbour smoothing: a segment between two of one label takes that label.
    case smoothing(String)

    public var description: String {
        switch self {
        case .rule(let id): return "rule:\(id)"
        case .zone(let id): return "zone:\(id)"
        case .scorer(let why): return "scorer:\(why)"
        case .smoothing(let why): return "smoothing:\(why)"
        }
    }

    /// The rule id behind the decision, when a rule made it.
    public var ruleID: String? {
        switch self {
        case .rule(let id), .zone(let id): return id
        case .scorer, .smoothing: return nil
        }
    }

    /// Whether a rule or zone made the decision (`ruleID != nil`, without copying the id).
    var isByRule: Bool {
        switch self {
        case .rule, .zone: return true
        case .scorer, .smoothing: return false
        }
    }

    /// Whether the scorer made the decision.
    var isScorer: Bool {
        if case .scorer = self { return true }
        return false
    }
}

/// A segment's final label, who decided it, and the label that came second.
public struct Decision: Sendable, Equatable {
    public var label: Label
    public var source: DecisionSource
    public var runnerUp: Label?

    public init(label: Label, source: DecisionSource, runnerUp: Label? = nil) {
        self.label = label
        self.source = source
        self.runnerUp = runnerUp
    }
}
