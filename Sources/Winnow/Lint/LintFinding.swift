/// One problem lint found in a rule: how bad it is, which check found it, and where.
public struct LintFinding: Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        /// The rule is broken: it cannot load, can never fire, or can stall matching.
        case error
        /// The rule works but probably not as meant: shadowed, untested, idle on a corpus.
        case warning

        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    public var severity: Severity
    /// The check's name, shown in brackets (`[shadowed]`), so users can grep for one kind.
    public var check: String
    public var origin: RuleOrigin
    public var ruleID: String?
    public var message: String

    public init(_ severity: Severity, _ check: String, origin: RuleOrigin, rule: String?, _ message: String) {
        self.severity = severity
        self.check = check
        self.origin = origin
        self.ruleID = rule
        self.message = message
    }

    public init(_ severity: Severity, _ check: String, rule: Rule, _ message: String) {
        self.init(severity, check, origin: rule.origin, rule: rule.id, message)
    }

    public var description: String {
        let rule = ruleID.map { " rule \($0.debugDescription):" } ?? ""
        return "\(origin): \(severity.rawValue):\(rule) \(message) [\(check)]"
    }
}
