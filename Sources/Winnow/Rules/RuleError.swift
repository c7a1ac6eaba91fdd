/// A problem in a rule file, naming the file, the line and (when known) the rule id.
public struct RuleError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var ruleID: String?
    public var message: String

    public var description: String {
        let rule = ruleID.map { " rule \($0.debugDescription):" } ?? ""
        return "\(file):\(line):\(rule) \(message)"
    }
}

/// All the problems found while loading rule packs: loading reports every one, not just the first.
public struct RuleErrors: Error, CustomStringConvertible {
    public var errors: [RuleError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
