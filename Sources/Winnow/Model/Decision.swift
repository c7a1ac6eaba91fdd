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

/// A decision as the pipeline passes it: the labels, and who decided as a kind and a number (a
/// rule's or zone's rule by its position in the rule set, a reason by its place in
/// `DecisionNames.reasons`). No String: a `Decision` holds its maker's id or reason, a String on
/// the heap for most, and making and freeing one a segment changed its reference count
/// atomically; an array of these is also freed without visiting each element.
struct DecisionCode: Sendable, Equatable {
    enum Maker: UInt8, Sendable { case rule, zone, scorer, smoothing }

    var label: Label
    var maker: Maker
    var runnerUp: Label?
    var number: Int32

    init(label: Label, maker: Maker, number: Int, runnerUp: Label? = nil) {
        self.label = label
        self.maker = maker
        self.runnerUp = runnerUp
        self.number = Int32(number)
    }

    var isByRule: Bool { maker == .rule || maker == .zone }
}

/// The Strings behind `DecisionCode`s, made once for a rule set: the rules' ids, by position, and
/// the context stage's reasons.
final class DecisionNames: Sendable {
    let ruleIDs: [String]
    let reasons: [String]

    init(ruleIDs: [String], reasons: [String]) {
        self.ruleIDs = ruleIDs
        self.reasons = reasons
    }

    /// The rule id or reason a code names.
    func text(of code: DecisionCode) -> String {
        code.isByRule ? ruleIDs[Int(code.number)] : reasons[Int(code.number)]
    }

    func source(of code: DecisionCode) -> DecisionSource {
        switch code.maker {
        case .rule: return .rule(ruleIDs[Int(code.number)])
        case .zone: return .zone(ruleIDs[Int(code.number)])
        case .scorer: return .scorer(reasons[Int(code.number)])
        case .smoothing: return .smoothing(reasons[Int(code.number)])
        }
    }

    func decision(_ code: DecisionCode) -> Decision {
        Decision(label: code.label, source: source(of: code), runnerUp: code.runnerUp)
    }
}
